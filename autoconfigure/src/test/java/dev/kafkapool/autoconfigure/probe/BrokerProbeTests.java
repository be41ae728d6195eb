package dev.kafkapool.autoconfigure.probe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe's TLS conversation against a local mTLS server that plays the broker: a broker that
 * answers is asked at once, with no wait for a verdict on the client certificate; one that hangs
 * up after the handshake is asked again, listening first, and the verdict names the certificate.
 */
class BrokerProbeTests {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final TestPki pki = TestPki.shared();

    private final List<Long> requestDelaysMillis = new CopyOnWriteArrayList<>();

    private final List<Thread> threads = new ArrayList<>();

    private SSLServerSocket server;

    @AfterEach
    void stopServer() throws Exception {
        if (this.server != null) {
            this.server.close();
        }
        for (Thread thread : this.threads) {
            thread.join(TIMEOUT_MILLIS);
        }
    }

    @Test
    void aBrokerThatAnswersIsAskedOnceRightAfterTheHandshake() throws Exception {
        serve(true);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.NONE);
        assertThat(this.requestDelaysMillis).hasSize(1);
        // listening for a verdict first would hold the request back for at least this long
        assertThat(this.requestDelaysMillis.get(0)).isLessThan(BrokerProbe.VERDICT_WAIT_MILLIS);
    }

    @Test
    void aBrokerThatHangsUpAfterTheHandshakeIsAskedAgainAndTheClientCertificateIsNamed() throws Exception {
        serve(false);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_REJECTED);
        assertThat(diagnosis.detail()).contains("closed the connection after the TLS handshake");
        assertThat(this.requestDelaysMillis).as("handshakes").hasSize(2);
    }

    private BrokerProbe probe() {
        SslBundle client = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(file(this.pki.client().certificate().toString()))
                    .withPrivateKey(file(this.pki.client().privateKey().toString())),
                PemSslStoreDetails.forCertificate(file(this.pki.caCertificate().toString()))));
        return new BrokerProbe(client.createSslContext(), true, TIMEOUT_MILLIS);
    }

    /**
     * Accepts mTLS connections; each records how long after its handshake the first request came
     * ({@code -1} if none), then answers it with the request's correlation id, or hangs up at once.
     */
    private void serve(boolean answer) throws IOException {
        String keyStore = file(this.pki.brokerKeyStore().toString());
        SSLContext context = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificates(keyStore).withPrivateKey(keyStore),
                PemSslStoreDetails.forCertificate(file(this.pki.caCertificate().toString()))))
            .createSslContext();
        this.server = (SSLServerSocket) context.getServerSocketFactory()
            .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.server.setNeedClientAuth(true);
        Thread acceptor = new Thread(() -> {
            while (!this.server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) this.server.accept()) {
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    socket.startHandshake();
                    long handshakeDone = System.nanoTime();
                    if (!answer) {
                        this.requestDelaysMillis.add(-1L);
                        continue;
                    }
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    int size = in.readInt();
                    this.requestDelaysMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - handshakeDone));
                    in.readInt();   // API key and version
                    int correlationId = in.readInt();
                    in.skipNBytes(size - 8);
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(6);
                    out.writeInt(correlationId);
                    out.writeShort(0);
                    out.flush();
                    in.read();      // until the probe hangs up
                }
                catch (IOException ex) {
                    // the server closed, or the probe hung up: next connection
                }
            }
        }, "probe-test-broker");
        acceptor.setDaemon(true);
        acceptor.start();
        this.threads.add(acceptor);
    }

    private static String file(String path) {
        return "file:" + path;
    }

}
