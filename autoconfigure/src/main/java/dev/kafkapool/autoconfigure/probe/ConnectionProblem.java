package dev.kafkapool.autoconfigure.probe;

import static dev.kafkapool.autoconfigure.SettingNames.BROKERS;
import static dev.kafkapool.autoconfigure.SettingNames.STARTUP_TIMEOUT;
import static dev.kafkapool.autoconfigure.SettingNames.TLS_BUNDLE;
import static dev.kafkapool.autoconfigure.SettingNames.TLS_CLIENT_CA;
import static dev.kafkapool.autoconfigure.SettingNames.TLS_CLIENT_CERT;
import static dev.kafkapool.autoconfigure.SettingNames.TLS_CLIENT_KEY;
import static dev.kafkapool.autoconfigure.SettingNames.TLS_ENABLED;
import static dev.kafkapool.autoconfigure.probe.TlsWording.CA;
import static dev.kafkapool.autoconfigure.probe.TlsWording.CA_TO_SET;
import static dev.kafkapool.autoconfigure.probe.TlsWording.CERT;
import static dev.kafkapool.autoconfigure.probe.TlsWording.IDENTITY;
import static dev.kafkapool.autoconfigure.probe.TlsWording.RENEWAL;

import dev.kafkapool.autoconfigure.OpenFileLimit;

/**
 * What can be wrong between the pool and a broker, in plain words, with the action that fixes
 * it and whether waiting could help (HikariCP style: transient problems are retried until the
 * startup timeout, the others fail at once). Texts about the CA, the client certificate and key
 * name the {@code KAFKA_TLS_CLIENT_*} files, or the SSL bundle when the material is one
 * ({@link TlsWording}).
 */
public enum ConnectionProblem {

    /** The broker answered over TLS and to a Kafka request: nothing wrong with the connection. */
    NONE(true, null, "the broker answered", ""),

    UNKNOWN_HOST(true, BROKERS, "the broker host name %s cannot be resolved",
            "Check the host names in " + BROKERS + " (a typo? a Service that does not exist yet?)"),

    NOTHING_LISTENING(true, BROKERS, "nothing is listening on %s (connection refused)",
            "Check the host and port in " + BROKERS + " and that the broker is running"),

    /** The connection was never tried: this process is out of file descriptors (EMFILE), whatever the broker does. */
    TOO_MANY_OPEN_FILES(true, BROKERS, "this process could not open a connection to %s: it has too many files open",
            OpenFileLimit.ACTION + "; the broker and " + BROKERS + " are not at fault"),

    NO_ANSWER(true, BROKERS, "%s did not answer in time (broker frozen, overloaded, or a firewall drops the traffic)",
            "Check that the broker is healthy and reachable from here (at startup: raise " + STARTUP_TIMEOUT
                    + " if it is slow to start)"),

    BROKER_NOT_TRUSTED(false, CA,
            "the broker's certificate at %s is not signed by a CA in " + CA + ", so the client does not trust it",
            "Set " + CA_TO_SET + " to the PEM file of the CA that signed the brokers (for Strimzi: ca.crt of "
                    + "the <cluster>-cluster-ca-cert secret)"),

    BROKER_CERTIFICATE_EXPIRED(false, CA,
            "the broker's certificate at %s has expired or is not yet valid",
            "Renew the broker certificate (or check this machine's clock)"),

    HOSTNAME_MISMATCH(false, BROKERS,
            "the broker's certificate at %s does not name the host the client connected to (hostname verification)",
            "Use the broker host name that its certificate names (its SAN) in " + BROKERS + " and in the broker's "
                    + "advertised.listeners"),

    CLIENT_CERTIFICATE_REJECTED(false, CERT,
            "the broker at %s did not accept our client certificate: it is not signed by a CA the broker trusts",
            "Use a client certificate issued by the CA the brokers trust (for Strimzi: the KafkaUser secret's "
                    + "user.crt and user.key) in " + IDENTITY),

    CLIENT_CERTIFICATE_EXPIRED(false, CERT,
            "the broker at %s did not accept our client certificate: it has expired or is not yet valid",
            "Renew the client certificate and its key in " + IDENTITY + " (" + RENEWAL
                    + "), or check this machine's clock"),

    CLIENT_CERTIFICATE_MISSING(false, CERT,
            "the broker at %s requires a client certificate and none is configured",
            "Set " + IDENTITY + " to the client's certificate and its private key"),

    LISTENER_IS_PLAINTEXT(false, TLS_ENABLED,
            "the listener at %s speaks PLAINTEXT, but the client uses TLS",
            "Point " + BROKERS + " at the broker's TLS listener port, or set " + TLS_ENABLED + "=false if plaintext is "
                    + "really intended"),

    LISTENER_IS_TLS(false, TLS_ENABLED,
            "the listener at %s speaks TLS, but the client uses PLAINTEXT (" + TLS_ENABLED + "=false)",
            "Remove " + TLS_ENABLED + "=false, with " + TLS_CLIENT_CA + ", " + TLS_CLIENT_CERT + " and " + TLS_CLIENT_KEY
                    + " set, or " + TLS_BUNDLE + " (they are read only with TLS on)"),

    NOT_KAFKA(false, BROKERS, "%s accepted the connection but does not speak the Kafka protocol",
            "Check the port in " + BROKERS + ": it should be a Kafka listener"),

    NOT_TLS(false, BROKERS, "%s answered the TLS handshake with bytes that are not TLS: it is no TLS listener (another "
            + "service's port, or a proxy that does not pass TLS through)",
            "Check the port in " + BROKERS + ": it should be a Kafka broker's TLS (SSL) listener"),

    TLS_FAILED(false, CERT, "the TLS handshake with %s failed",
            "Check the TLS settings and the broker's TLS listener configuration");

    private final boolean transientProblem;

    private final String setting;

    private final String description;

    private final String action;

    ConnectionProblem(boolean transientProblem, String setting, String description, String action) {
        this.transientProblem = transientProblem;
        this.setting = setting;
        this.description = description;
        this.action = action;
    }

    /**
     * What a TLS failure a Kafka client reports (its {@code SslAuthenticationException}, whose causes tell more) shows:
     * the problem the startup probe would name for it, or {@link #TLS_FAILED} when its causes name none. The client's
     * "Failed to process post-handshake messages" is the brokers' refusal of its certificate under TLS 1.3 (their
     * verdict comes after the handshake, and its alert is not passed on).
     */
    public static ConnectionProblem ofTlsFailure(Throwable failure) {
        ConnectionProblem problem = TlsFailureClassifier.classify(failure, false, CLIENT_CERTIFICATE_REJECTED);
        return (problem == TLS_FAILED && String.valueOf(failure.getMessage()).contains("post-handshake"))
                ? CLIENT_CERTIFICATE_REJECTED : problem;
    }

    /** A failure and its causes, each as its simple name and message, joined by {@code <-}: for a log or a reason. */
    public static String causeChain(Throwable failure) {
        return TlsFailureClassifier.causeChain(failure);
    }

    /** Whether it is about this client's own TLS identity: its certificate refused, missing or out of date. */
    public boolean isAboutClientIdentity() {
        return this == CLIENT_CERTIFICATE_REJECTED || this == CLIENT_CERTIFICATE_MISSING
                || this == CLIENT_CERTIFICATE_EXPIRED;
    }

    /** Whether waiting could make it go away (startup keeps trying until the timeout). */
    public boolean isTransient() {
        return this.transientProblem;
    }

    /** The environment variable most likely at fault, with the TLS material from the PEM files. */
    public String setting() {
        return setting(TlsWording.FILES);
    }

    /** The problem in plain words for {@code broker}, with the TLS material from the PEM files. */
    public String describe(String broker) {
        return describe(broker, TlsWording.FILES);
    }

    /** What to do, with the TLS material from the PEM files. */
    public String action() {
        return action(TlsWording.FILES);
    }

    String setting(TlsWording wording) {
        return (this.setting != null) ? wording.setting(this.setting) : null;
    }

    String describe(String broker, TlsWording wording) {
        return wording.apply(String.format(this.description, broker));
    }

    String action(TlsWording wording) {
        return wording.apply(this.action);
    }

}
