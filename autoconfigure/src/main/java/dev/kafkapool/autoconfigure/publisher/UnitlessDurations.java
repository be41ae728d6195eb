package dev.kafkapool.autoconfigure.publisher;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.env.Environment;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.RawSettingValues;
import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Warns about a duration written as a bare number of 1000 or more where a bare number is seconds:
 * written for Spring Boot's default unit, milliseconds ({@code KAFKA_SHUTDOWN_TIMEOUT=30000}), it
 * now means over eight hours. Said once at startup, with the form that means what was likely meant.
 */
final class UnitlessDurations {

    private static final Logger logger = LoggerFactory.getLogger(UnitlessDurations.class);

    /**
     * The duration settings a bare number gives in seconds: those whose field in
     * {@link KafkaPoolProperties} says so with {@code @DurationUnit(ChronoUnit.SECONDS)}, read from the
     * fields so that the list cannot drift from the binding.
     */
    static final List<String> IN_SECONDS = inSeconds("kafka", KafkaPoolProperties.class);

    private static final long SUSPICIOUS = 1000;

    private UnitlessDurations() {
    }

    private static List<String> inSeconds(String prefix, Class<?> type) {
        List<String> properties = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String property = prefix + "." + IgnoredSettings.kebab(field.getName());
            DurationUnit unit = field.getAnnotation(DurationUnit.class);
            if (field.getType().getEnclosingClass() == KafkaPoolProperties.class) {
                properties.addAll(inSeconds(property, field.getType()));
            }
            else if (unit != null && unit.value() == ChronoUnit.SECONDS) {
                properties.add(property);
            }
        }
        return List.copyOf(properties);
    }

    static void report(Environment environment, String label) {
        for (String property : IN_SECONDS) {
            String raw = RawSettingValues.of(environment, property);
            if (raw == null || !raw.trim().matches("[0-9]{1,18}")) {
                continue;
            }
            long seconds = Long.parseLong(raw.trim());
            if (seconds >= SUSPICIOUS) {
                logger.warn("{} - {}={} is read as {} seconds ({}): a number without a unit is in seconds for this "
                        + "setting; write {}ms if milliseconds were meant, or {}s to keep seconds and silence this",
                        label, SettingNames.env(property), seconds, seconds,
                        Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT),
                        seconds, seconds);
            }
        }
    }

}
