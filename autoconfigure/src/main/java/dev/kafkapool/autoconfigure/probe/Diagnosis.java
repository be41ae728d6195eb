package dev.kafkapool.autoconfigure.probe;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

/**
 * The outcome of probing one broker: the problem found, and the low-level detail that showed it
 * (an exception message; never key material).
 *
 * @param broker the {@code host:port} probed
 * @param problem what is wrong, or {@link ConnectionProblem#NONE}
 * @param detail the evidence, e.g. {@code SSLHandshakeException: PKIX path building failed}
 */
public record Diagnosis(String broker, ConnectionProblem problem, String detail) {

    /** Whether the broker answered over the configured protocol. */
    public boolean isHealthy() {
        return this.problem == ConnectionProblem.NONE;
    }

    /** One line for logs and health details. */
    public String summary() {
        return this.problem.describe(this.broker) + ((this.detail != null) ? " [" + this.detail + "]" : "");
    }

    /** The startup failure this diagnosis explains. */
    public KafkaPoolStartupException toException(String context, Throwable cause) {
        return KafkaPoolStartupException.aboutTheCluster(this.problem.setting(), summary(), this.problem.action(),
                context, cause);
    }

}
