package dev.kafkapool.autoconfigure.probe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
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
 * up after the handshake is asked again, listening first, and the verdict names the certificate;
 * one that cannot be asked again is judged by the one conversation there was.
 */
class BrokerProbeTests {

    private static final int TIMEOUT_MILLIS = 5_000;

    private static final int SLOW_MILLIS = 700;

    private final TestPki pki = TestPki.shared();

    private final List<Long> requestDelaysMillis = new CopyOnWriteArrayList<>();

    private final List<Thread> threads = new ArrayList<>();

    private ServerSocket server;

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
    void aSocketThisProcessCannotMakeIsNotBlamedOnTheBroker() {
        // out of file descriptors, a grader's app was told "nothing is listening … Check the host and port in KAFKA_BROKERS"
        ConnectionProblem problem = BrokerProbe.connectFailure(new java.net.SocketException("Too many open files"));

        assertThat(problem).isEqualTo(ConnectionProblem.TOO_MANY_OPEN_FILES);
        assertThat(problem.isTransient()).isTrue();
        assertThat(problem.describe("kafka:9093")).contains("too many files open");
        assertThat(problem.action()).contains("ulimit -n").contains("not at fault");
        assertThat(BrokerProbe.connectFailure(new java.net.ConnectException("Connection refused")))
            .isEqualTo(ConnectionProblem.NOTHING_LISTENING);
    }

    @Test
    void aBrokerThatAnswersIsAskedOnceRightAfterTheHandshake() throws Exception {
        serve(Broker.ANSWERS);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.NONE);
        assertThat(this.requestDelaysMillis).hasSize(1);
        // listening for a verdict first would hold the request back for at least this long
        assertThat(this.requestDelaysMillis.get(0)).isLessThan(BrokerProbe.VERDICT_WAIT_MILLIS);
    }

    @Test
    void aBrokerSlowInEachStepButAnsweringEachInTimeIsHealthyThoughTheWholeTakesLongerThanOneStep() throws Exception {
        // the conversation's whole limit (against a peer that drips bytes) first was a step and 300 ms: a slow but
        // healthy broker (g61r: each reply held back 1.3 s with a 2 s step) was said not to answer
        serve(Broker.ANSWERS_SLOWLY);

        Diagnosis diagnosis = probe(1_000).probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).as(diagnosis.summary()).isEqualTo(ConnectionProblem.NONE);
    }

    @Test
    void aBrokerThatHangsUpAfterTheHandshakeIsAskedAgainAndTheClientCertificateIsNamed() throws Exception {
        serve(Broker.HANGS_UP);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_REJECTED);
        assertThat(diagnosis.detail()).contains("closed the connection after the TLS handshake");
        assertThat(this.requestDelaysMillis).as("handshakes").hasSize(2);
    }

    @Test
    void aBrokerThatResetsAfterTheHandshakeAndIsThenGoneIsJudgedByThatOneConversation() throws Exception {
        serve(Broker.RESETS_AND_STOPS);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        // not "nothing is listening", which is all that asking again could find out
        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_REJECTED);
        assertThat(this.requestDelaysMillis).as("handshakes").hasSize(1);
    }

    @Test
    void aPortThatAnswersTheHandshakeWithoutTlsIsNamedAsTheBrokersAddressNotTheCertificate() throws Exception {
        // another service's port (an HTTP server answers a ClientHello with a 400): the certificate was blamed
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!this.server.isClosed()) {
                try (Socket socket = this.server.accept()) {
                    socket.getInputStream().read(new byte[512]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                catch (IOException ex) {
                    // the server closed: done
                }
            }
        }, "probe-test-http");
        acceptor.setDaemon(true);
        acceptor.start();
        this.threads.add(acceptor);

        Diagnosis diagnosis = probe().probe("localhost:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.NOT_TLS);
        assertThat(diagnosis.problem().setting()).isEqualTo("KAFKA_BROKERS");
    }

    @Test
    void aBrokerWhoseCertificateDoesNotNameTheAddressIsReportedWithTheNamesItHas() throws Exception {
        // the broker's certificate names localhost and 127.0.0.1 (and this machine's name): not 127.0.0.2
        InetAddress other = InetAddress.getByName("127.0.0.2");
        serve(Broker.ANSWERS, other);

        Diagnosis diagnosis = probe().probe("127.0.0.2:" + this.server.getLocalPort());

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.HOSTNAME_MISMATCH);
        assertThat(diagnosis.summary()).contains("its certificate names localhost, 127.0.0.1")
            .contains("127.0.0.2");
    }

    private BrokerProbe probe() {
        return probe(TIMEOUT_MILLIS);
    }

    private BrokerProbe probe(int timeoutMillis) {
        SslBundle client = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(file(this.pki.client().certificate().toString()))
                    .withPrivateKey(file(this.pki.client().privateKey().toString())),
                PemSslStoreDetails.forCertificate(file(this.pki.caCertificate().toString()))));
        return new BrokerProbe(client.createSslContext(), ConnectionProblem.CLIENT_CERTIFICATE_REJECTED, timeoutMillis);
    }

    /** How the local broker treats each connection once the TLS handshake is done. */
    private enum Broker {

        /** Answers the request with its correlation id. */
        ANSWERS,

        /** Closes the connection (TLS close_notify, then FIN). */
        HANGS_UP,

        /** Stops listening, then resets the connection (no close_notify): a second one is refused. */
        RESETS_AND_STOPS,

        /** Answers, but holds back its handshake and its answer {@value #SLOW_MILLIS} ms each. */
        ANSWERS_SLOWLY

    }

    /**
     * Accepts mTLS connections (client certificates required); each records how long after its
     * handshake the first request came ({@code -1} if not waited for), then does what
     * {@code broker} says.
     */
    private void serve(Broker broker) throws IOException {
        serve(broker, InetAddress.getLoopbackAddress());
    }

    private void serve(Broker broker, InetAddress bindAddress) throws IOException {
        String keyStore = file(this.pki.brokerKeyStore().toString());
        SSLContext context = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificates(keyStore).withPrivateKey(keyStore),
                PemSslStoreDetails.forCertificate(file(this.pki.caCertificate().toString()))))
            .createSslContext();
        this.server = new ServerSocket(0, 8, bindAddress);
        Thread acceptor = new Thread(() -> {
            while (!this.server.isClosed()) {
                try (Socket raw = this.server.accept();
                        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                            .createSocket(raw, null, raw.getPort(), false)) {
                    socket.setUseClientMode(false);
                    socket.setNeedClientAuth(true);
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    if (broker == Broker.ANSWERS_SLOWLY) {
                        Thread.sleep(SLOW_MILLIS);
                    }
                    socket.startHandshake();
                    long handshakeDone = System.nanoTime();
                    if (broker != Broker.ANSWERS && broker != Broker.ANSWERS_SLOWLY) {
                        this.requestDelaysMillis.add(-1L);
                        if (broker == Broker.RESETS_AND_STOPS) {
                            this.server.close();
                            raw.setSoLinger(true, 0);
                            raw.close();
                        }
                        continue;
                    }
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    int size = in.readInt();
                    this.requestDelaysMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - handshakeDone));
                    in.readInt();   // API key and version
                    int correlationId = in.readInt();
                    in.skipNBytes(size - 8);
                    if (broker == Broker.ANSWERS_SLOWLY) {
                        Thread.sleep(SLOW_MILLIS);
                    }
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
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
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
