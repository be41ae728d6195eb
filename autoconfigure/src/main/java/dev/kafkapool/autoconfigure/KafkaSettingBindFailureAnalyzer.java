package dev.kafkapool.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Explains a {@code kafka.*} value that cannot be converted (an unparsable duration, a number
 * that is not one) by its environment variable, ahead of Spring Boot's generic report.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class KafkaSettingBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (cause.getProperty() == null || !cause.getProperty().getName().toString().startsWith("kafka.")) {
            return null;
        }
        String property = cause.getProperty().getName().toString();
        Origin origin = cause.getProperty().getOrigin();
        String target = cause.getTarget().getType().resolve(Object.class).getSimpleName();
        String description = "kafka-pool could not start: " + SettingNames.env(property) + " (" + property
                + ") has the value '" + cause.getProperty().getValue() + "', which is not a valid " + target + ".\n\n"
                + "Setting: " + SettingNames.env(property) + "\n" + ((origin != null) ? "Origin: " + origin + "\n" : "");
        return new FailureAnalysis(description, "Set " + SettingNames.env(property) + " to " + example(target), cause);
    }

    private static String example(String type) {
        return switch (type) {
            case "Duration" -> "a duration such as 10s, 500ms or 2m";
            case "DataSize" -> "a size such as 64MB or 512KB";
            case "Boolean", "boolean" -> "true or false (1/0, yes/no and on/off are accepted too, in any case)";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Double", "double" -> "a decimal number such as 0.5";
            default -> "a valid " + type;
        };
    }

}
