package dev.kafkapool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link KafkaPoolStartupException} into Spring Boot's failure report: the problem, the
 * setting as its environment variable, the brokers and TLS file paths, and the action.
 */
class KafkaPoolStartupFailureAnalyzer extends AbstractFailureAnalyzer<KafkaPoolStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaPoolStartupException cause) {
        String description = StartupReport.describe(cause.problem(), cause.setting(), null, cause.context(),
                cause.alsoWrong());
        String action = cause.action() + (cause.isAboutTheCluster() ? ". To start without waiting for Kafka, set "
                + SettingNames.FAIL_FAST + "=false (a WARN at startup, and health, then report the problem)." : ".")
                + (cause.alsoWrong().isEmpty() ? "" : " Then correct the other settings listed above, as each says.");
        return new FailureAnalysis(description, action, cause);
    }

}
