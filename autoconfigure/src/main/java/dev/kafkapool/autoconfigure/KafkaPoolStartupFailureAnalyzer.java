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
        StringBuilder description = new StringBuilder("kafka-pool could not start: ").append(cause.problem())
            .append(".\n");
        if (cause.setting() != null) {
            description.append("\nSetting: ").append(cause.setting()).append('\n');
        }
        if (cause.context() != null && !cause.context().isEmpty()) {
            description.append("\nConnection settings:\n");
            cause.context().lines().forEach((line) -> description.append("    ").append(line).append('\n'));
        }
        String action = cause.action() + (cause.isAboutTheCluster() ? ". To start without waiting for Kafka, set "
                + SettingNames.FAIL_FAST + "=false (a WARN at startup, and health, then report the problem)." : ".");
        return new FailureAnalysis(description.toString(), action, cause);
    }

}
