package dev.kafkapool.autoconfigure.probe;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Reads a failed TLS conversation with a broker: which {@link ConnectionProblem} the exception
 * chain shows. A pure function of the exception, whether the handshake had completed, and whether
 * a client certificate was offered; {@link BrokerProbe} does the talking.
 */
final class TlsFailureClassifier {

    private TlsFailureClassifier() {
    }

    /**
     * @param failure what the TLS socket threw
     * @param handshakeDone whether the handshake had completed when it failed
     * @param identityRefused what the broker's refusal of our identity means:
     * {@link ConnectionProblem#CLIENT_CERTIFICATE_MISSING} when the client offered no certificate,
     * {@link ConnectionProblem#CLIENT_CERTIFICATE_EXPIRED} when the one it offered is not valid now,
     * else {@link ConnectionProblem#CLIENT_CERTIFICATE_REJECTED}
     * @return the problem; {@link ConnectionProblem#TLS_FAILED} when the chain names none (the
     * probe then checks whether the port speaks PLAINTEXT)
     */
    static ConnectionProblem classify(Throwable failure, boolean handshakeDone, ConnectionProblem identityRefused) {
        String text = causeChain(failure).toLowerCase(Locale.ROOT);
        ConnectionProblem clientSide = identityRefused;
        if (handshakeDone && (failure instanceof EOFException || text.contains("broken pipe")
                || text.contains("connection reset") || text.contains("closed the connection"))) {
            // The broker finished the handshake, then hung up instead of answering: it refused the
            // client identity without telling us why (its alert was lost with the socket).
            return clientSide;
        }
        if (failure instanceof SocketTimeoutException) {
            return ConnectionProblem.NO_ANSWER;
        }
        if (!handshakeDone && text.contains("unsupported or unrecognized ssl message")) {
            // the peer's first bytes were no TLS record: another protocol's port (a PLAINTEXT Kafka listener says
            // nothing to a ClientHello and hangs up; the probe asks it in PLAINTEXT as well)
            return ConnectionProblem.NOT_TLS;
        }
        if (text.contains("no subject alternative") || text.contains("no name matching")) {
            return ConnectionProblem.HOSTNAME_MISMATCH;
        }
        if (text.contains("alert: certificate_expired")) {
            // the broker's verdict on a certificate we sent (an out-of-date intermediate, if ours is valid)
            return (clientSide == ConnectionProblem.CLIENT_CERTIFICATE_MISSING) ? clientSide
                    : ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED;
        }
        if (text.contains("certificateexpiredexception") || text.contains("certificatenotyetvalidexception")
                || text.contains("validity check failed")) {
            return ConnectionProblem.BROKER_CERTIFICATE_EXPIRED;
        }
        if (text.contains("pkix path") || text.contains("unable to find valid certification path")) {
            return ConnectionProblem.BROKER_NOT_TRUSTED;
        }
        if (text.contains("certificate_required")) {
            return ConnectionProblem.CLIENT_CERTIFICATE_MISSING;
        }
        if (text.contains("bad_certificate") || text.contains("certificate_unknown") || text.contains("unknown_ca")
                || text.contains("access_denied")) {
            return clientSide;
        }
        // a handshake that failed without naming why, while our own certificate is out of date: that is the cause
        // to fix first (the broker's refusal can reach us as a bare hang-up)
        return (clientSide == ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED) ? clientSide : ConnectionProblem.TLS_FAILED;
    }

    /** One exception: its simple name and message. */
    static String detail(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * The exception and its causes, each as {@link #detail}, joined by {@code <-}; a cause whose message the text
     * already holds (the JDK's TLS exceptions repeat their cause's, "PKIX path building failed" up to three times)
     * is named without it.
     */
    static String causeChain(Throwable failure) {
        StringBuilder text = new StringBuilder(detail(failure));
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            String message = cause.getMessage();
            boolean said = message != null && !message.isBlank() && text.indexOf(message) >= 0;
            text.append(" <- ").append(said ? cause.getClass().getSimpleName() : detail(cause));
        }
        return text.toString();
    }

}
