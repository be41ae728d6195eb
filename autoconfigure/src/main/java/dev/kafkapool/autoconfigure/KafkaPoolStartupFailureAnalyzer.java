package dev.kafkapool.autoconfigure;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns a {@link KafkaPoolStartupException} into Spring Boot's failure report: the problem, the
 * setting as its environment variable, the brokers and TLS file paths, and the action. A setting
 * whose value was written elsewhere (a file, {@code SPRING_APPLICATION_JSON}, a {@code -D} option) is
 * named as written there, with where: the fix is made there, not in a variable nobody set.
 */
class KafkaPoolStartupFailureAnalyzer extends AbstractFailureAnalyzer<KafkaPoolStartupException> {

    private final Environment environment;

    /** Spring Boot passes the failed context's environment. */
    KafkaPoolStartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaPoolStartupException cause) {
        SettingOrigins.Elsewhere elsewhere = SettingOrigins.elsewhere(this.environment, cause.setting());
        List<KafkaPoolStartupException> others = cause.alsoWrong().stream().map(this::located).toList();
        String description = StartupReport.describe(cause.problem(),
                (elsewhere != null) ? cause.setting() + " (" + elsewhere.property() + ")" : cause.setting(),
                (elsewhere != null) ? elsewhere.origin() : null, cause.context(), others);
        String action = ((elsewhere != null) ? elsewhere.named(cause.action()) : cause.action())
                + (cause.isAboutTheCluster() ? ". To start without waiting for Kafka, set "
                        + SettingNames.FAIL_FAST + "=false (a WARN at startup, and health, then report the problem)."
                        : ".")
                + (cause.alsoWrong().isEmpty() ? "" : " Then correct the other settings listed above, as each says.");
        return new FailureAnalysis(description, action, cause);
    }

    /** {@code other}, named as written and with where, when its value was not given by its environment variable. */
    private KafkaPoolStartupException located(KafkaPoolStartupException other) {
        SettingOrigins.Elsewhere elsewhere = SettingOrigins.elsewhere(this.environment, other.setting());
        if (elsewhere == null) {
            return other;
        }
        return new KafkaPoolStartupException(other.setting() + " (" + elsewhere.property() + ", from "
                + elsewhere.origin() + ")", other.problem(), elsewhere.named(other.action()), other.context(), null);
    }

}
