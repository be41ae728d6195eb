package dev.kafkapool.autoconfigure.publisher;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import dev.kafkapool.autoconfigure.RawSettingValues;
import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Warns about a duration written as a bare number of 1000 or more where a bare number is seconds:
 * written for Spring Boot's default unit, milliseconds ({@code KAFKA_SHUTDOWN_TIMEOUT=30000}), it
 * now means over eight hours. Said once at startup, with the form that means what was likely meant.
 */
final class UnitlessDurations {

    private static final Logger logger = LoggerFactory.getLogger(UnitlessDurations.class);

    /** The duration settings a bare number gives in seconds. */
    static final List<String> IN_SECONDS = List.of("kafka.startup-timeout", "kafka.shutdown-timeout",
            "kafka.missing-topic-timeout", "kafka.publish-retry-interval", "kafka.health.timeout",
            "kafka.health.cache-ttl", "kafka.tls.reload-interval");

    private static final long SUSPICIOUS = 1000;

    private UnitlessDurations() {
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
                        Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(java.util.Locale.ROOT),
                        seconds, seconds);
            }
        }
    }

}
