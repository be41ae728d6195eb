package dev.kafkapool.autoconfigure.diagnostics;

/**
 * Thrown when the pool cannot start: a setting is invalid, TLS material is unusable, or the
 * cluster cannot be reached. Carries what the failure report needs: the setting as its
 * environment variable, the problem in plain words, the action to take, and the connection
 * context (brokers and TLS file paths, never key material).
 */
public class KafkaPoolStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    private final String problem;

    private final String action;

    private final String context;

    /**
     * @param setting the environment variable(s) at fault, e.g. {@code KAFKA_TLS_CLIENT_CERT}, or
     * {@code null} when no single setting is
     * @param problem what is wrong, in plain words
     * @param action what to do about it
     * @param context brokers and TLS file paths, for the report
     * @param cause the underlying exception, or {@code null}
     */
    public KafkaPoolStartupException(String setting, String problem, String action, String context, Throwable cause) {
        super(((setting != null) ? setting + ": " : "") + problem, cause);
        this.setting = setting;
        this.problem = problem;
        this.action = action;
        this.context = context;
    }

    /** The environment variable(s) at fault, or {@code null}. */
    public String setting() {
        return this.setting;
    }

    public String problem() {
        return this.problem;
    }

    public String action() {
        return this.action;
    }

    public String context() {
        return this.context;
    }

}
