package dev.kafkapool.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

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

    private final boolean aboutTheCluster;

    private final List<KafkaPoolStartupException> alsoWrong;

    /**
     * @param setting the environment variable(s) at fault, e.g. {@code KAFKA_TLS_CLIENT_CERT}, or
     * {@code null} when no single setting is
     * @param problem what is wrong, in plain words
     * @param action what to do about it
     * @param context brokers and TLS file paths, for the report
     * @param cause the underlying exception, or {@code null}
     */
    public KafkaPoolStartupException(String setting, String problem, String action, String context, Throwable cause) {
        this(setting, problem, action, context, cause, false);
    }

    private KafkaPoolStartupException(String setting, String problem, String action, String context, Throwable cause,
            boolean aboutTheCluster) {
        this(setting, problem, action, context, cause, aboutTheCluster, List.of());
    }

    private KafkaPoolStartupException(String setting, String problem, String action, String context, Throwable cause,
            boolean aboutTheCluster, List<KafkaPoolStartupException> alsoWrong) {
        super(((setting != null) ? setting + ": " : "") + SettingText.withoutKeyText(problem) + (alsoWrong.isEmpty() ? ""
                : " (and " + alsoWrong.size() + " other setting" + ((alsoWrong.size() > 1) ? "s" : "") + " wrong: "
                        + String.join(", ", alsoWrong.stream().map(KafkaPoolStartupException::getMessage).toList())
                        + ")"), withoutKeyText(cause));
        this.setting = setting;
        // a value or a library's message quoted into a report may hold key text: it is never shown
        this.problem = SettingText.withoutKeyText(problem);
        this.action = SettingText.withoutKeyText(action);
        this.context = SettingText.withoutKeyText(context);
        this.aboutTheCluster = aboutTheCluster;
        this.alsoWrong = List.copyOf(alsoWrong);
    }

    /**
     * {@code cause} itself, or, when a message of its chain quotes key text (a library quoting the value it failed
     * to read), a copy of the chain with that text left out: the cause is logged with its messages, at DEBUG
     * when the report is written, and in full if no report is.
     */
    private static Throwable withoutKeyText(Throwable cause) {
        boolean quotesKeyText = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable link = cause; link != null && seen.add(link) && !quotesKeyText; link = link.getCause()) {
            quotesKeyText = link.getMessage() != null
                    && !link.getMessage().equals(SettingText.withoutKeyText(link.getMessage()));
        }
        return quotesKeyText ? copyWithoutKeyText(cause, Collections.newSetFromMap(new IdentityHashMap<>())) : cause;
    }

    /** The chain from {@code link} with key text left out of each message; a link met twice ends it. */
    private static Throwable copyWithoutKeyText(Throwable link, Set<Throwable> seen) {
        if (link == null || !seen.add(link)) {
            return null;
        }
        RuntimeException copy = new RuntimeException(link.getClass().getName() + ": "
                + SettingText.withoutKeyText(link.getMessage()), copyWithoutKeyText(link.getCause(), seen));
        copy.setStackTrace(link.getStackTrace());
        return copy;
    }

    /**
     * This failure reported together with {@code others} found in the same check, so that one
     * failed start names every setting to correct rather than one per restart.
     */
    public KafkaPoolStartupException alsoWrong(List<KafkaPoolStartupException> others) {
        KafkaPoolStartupException joined = new KafkaPoolStartupException(this.setting, this.problem, this.action,
                this.context, getCause(), this.aboutTheCluster, others);
        joined.setStackTrace(getStackTrace());
        return joined;
    }

    /**
     * A failure found by talking to the cluster (unreachable, TLS refused, a topic missing), as
     * opposed to one in the settings themselves: the application could start without waiting for
     * the cluster ({@code KAFKA_FAIL_FAST=false}), so the report says so.
     */
    public static KafkaPoolStartupException aboutTheCluster(String setting, String problem, String action,
            String context, Throwable cause) {
        return new KafkaPoolStartupException(setting, problem, action, context, cause, true);
    }

    /**
     * This failure with {@code problemNote} added to its problem and {@code actionNote} to its
     * action, for what the code that threw it could not know (where a value came from).
     */
    public KafkaPoolStartupException withNotes(String problemNote, String actionNote) {
        KafkaPoolStartupException noted = new KafkaPoolStartupException(this.setting, this.problem + problemNote,
                this.action + actionNote, this.context, getCause(), this.aboutTheCluster, this.alsoWrong);
        noted.setStackTrace(getStackTrace());
        return noted;
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

    /** The other settings found wrong in the same check, each with its problem and action; often none. */
    public List<KafkaPoolStartupException> alsoWrong() {
        return this.alsoWrong;
    }

    /** Whether the cluster's answer is the problem, rather than a setting on its own. */
    public boolean isAboutTheCluster() {
        return this.aboutTheCluster;
    }

}
