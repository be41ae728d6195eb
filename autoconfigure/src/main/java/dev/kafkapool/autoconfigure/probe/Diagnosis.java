package dev.kafkapool.autoconfigure.probe;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

/**
 * The outcome of probing one broker: the problem found, and the low-level detail that showed it
 * (an exception message; never key material).
 *
 * @param broker the {@code host:port} probed
 * @param problem what is wrong, or {@link ConnectionProblem#NONE}
 * @param detail the evidence, e.g. {@code SSLHandshakeException: PKIX path building failed}
 * @param tls where the TLS material came from (the PEM files, the JVM's trust store, an SSL
 * bundle): the report names what was configured
 */
public record Diagnosis(String broker, ConnectionProblem problem, String detail, TlsWording tls) {

    /** A diagnosis of a pool whose TLS material, if any, comes from the PEM files. */
    public Diagnosis(String broker, ConnectionProblem problem, String detail) {
        this(broker, problem, detail, TlsWording.FILES);
    }

    /** This diagnosis, for TLS material from where {@code tls} says. */
    Diagnosis about(TlsWording tls) {
        return new Diagnosis(this.broker, this.problem, this.detail, tls);
    }

    /** Whether the broker answered over the configured protocol. */
    public boolean isHealthy() {
        return this.problem == ConnectionProblem.NONE;
    }

    /** One line for logs and health details. */
    public String summary() {
        return this.problem.describe(this.broker, this.tls) + ((this.detail != null) ? " [" + this.detail + "]" : "");
    }

    /** The environment variable most likely at fault. */
    public String setting() {
        return this.problem.setting(this.tls);
    }

    /** What to do about it. */
    public String action() {
        return this.problem.action(this.tls);
    }

    /** The startup failure this diagnosis explains. */
    public KafkaPoolStartupException toException(String context, Throwable cause) {
        return KafkaPoolStartupException.aboutTheCluster(setting(), summary(), action(), context, cause);
    }

}
