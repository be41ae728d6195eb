package dev.kafkapool.autoconfigure;

import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Explains a {@code kafka.*} value that cannot be converted (an unparsable duration, a number
 * that is not one) by its environment variable, ahead of Spring Boot's generic report; with the
 * broker list and the TLS sources every startup report of the pool shows.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class KafkaSettingBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private final Environment environment;

    /** Spring Boot passes the failed context's environment. */
    KafkaSettingBindFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (cause.getProperty() == null || !cause.getProperty().getName().toString().startsWith("kafka.")) {
            return null;
        }
        String property = cause.getProperty().getName().toString();
        Origin origin = cause.getProperty().getOrigin();
        Class<?> type = cause.getTarget().getType().resolve(Object.class);
        String target = type.getSimpleName();
        String value = String.valueOf(cause.getProperty().getValue());
        // a secretKeyRef mapped to the wrong variable puts a key here: its text is never shown
        String given = SettingText.isFileText(value) ? "holds a file's text (" + SettingText.unshown(value) + ")"
                : "has the value '" + SettingText.withoutKeyText(value) + "'";
        // named as it was written: a value from a file or SPRING_APPLICATION_JSON is not in a variable of that name,
        // and one in another spelling of the variable (KAFKA_QUEUEMAXBYTES) is in that one
        String variable = SettingNames.env(property);
        String spelled = (origin != null) ? SettingOrigins.variableSpelling(origin, variable) : variable;
        boolean fromVariable = spelled != null;
        String named = fromVariable ? spelled : property;
        String description = StartupReport.describe((fromVariable ? named + " (" + property + ")" : property) + " "
                + given + ", which is not " + (type.isEnum() ? oneOf(type) : noun(target, value))
                + ((!value.isBlank() && !value.equals(value.strip()) && !SettingText.isFileText(value))
                        ? " (mind the whitespace at its start or end: write the value without it)" : ""),
                variable.equals(named) ? variable : variable + " (" + named + ")", origin,
                StartupContext.describe(this.environment));
        DurationUnit unit = cause.getTarget().getAnnotation(DurationUnit.class);
        return new FailureAnalysis(description, "Set " + named + " to "
                + (type.isEnum() ? oneOf(type) : example(target, (unit != null) ? unit.value() : null))
                + (value.isBlank() ? ", or " + (fromVariable ? "unset it" : "remove it") + " for its default" : "") + ".",
                cause);
    }

    /**
     * What a value of {@code type} is, in words: {@code a duration}, {@code a whole number}; for a whole number too
     * large or small for its type, the range it must be in.
     */
    private static String noun(String type, String value) {
        if (value.trim().matches("[+-]?\\d+")) {
            // the type's own bound: the setting's range (say, at least 1) is checked once the value binds
            boolean negative = value.trim().startsWith("-");
            switch (type) {
                case "Integer", "int" -> {
                    return "a whole number this setting can hold (" + (negative ? "at least " + Integer.MIN_VALUE
                            : "at most " + Integer.MAX_VALUE) + ")";
                }
                case "Long", "long" -> {
                    return "a whole number this setting can hold (" + (negative ? "at least " + Long.MIN_VALUE
                            : "at most " + Long.MAX_VALUE) + ")";
                }
                default -> {
                }
            }
        }
        return switch (type) {
            case "Duration" -> "a duration";
            case "DataSize" -> "a size";
            case "Boolean", "boolean" -> "a boolean";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Double", "double" -> "a number";
            default -> "a valid " + type;
        };
    }

    /** {@code one of interval, always or never}: an enum's constants as they are written in the environment. */
    private static String oneOf(Class<?> type) {
        java.util.List<String> names = java.util.Arrays.stream(type.getEnumConstants())
            .map((constant) -> ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .toList();
        return "one of " + String.join(", ", names.subList(0, names.size() - 1))
                + ((names.size() > 1) ? " or " : "") + names.get(names.size() - 1);
    }

    /** An example of a valid value; for a duration, in the unit a bare number is read in ({@code unit}, or none). */
    private static String example(String type, ChronoUnit unit) {
        return switch (type) {
            case "Duration" -> (unit == ChronoUnit.DAYS) ? "a duration such as 7d or 36h (a number without a unit is days)"
                    : "a duration such as 10s, 500ms or 2m" + ((unit == ChronoUnit.SECONDS)
                            ? " (a number without a unit is whole seconds: half a second is 500ms)"
                            : (unit == ChronoUnit.MILLIS) ? " (a number without a unit is milliseconds)" : "");
            case "DataSize" -> "a size such as 64MB or 512KB (units B, KB, MB, GB, TB, each 1024 of the one before: 1GiB is written 1GB)";
            case "Boolean", "boolean" -> "true or false (1/0, yes/no and on/off are accepted too, in any case)";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Double", "double" -> "a decimal number such as 0.5";
            default -> "a valid " + type;
        };
    }

}
