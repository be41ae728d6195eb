package dev.kafkapool.sample;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns, once at startup, about a sample duration written as a bare number of a minute or more:
 * a number without a unit is seconds here, as for the {@code KAFKA_*} durations, so one written
 * with Spring Boot's milliseconds in mind ({@code SAMPLE_HTTP_WAIT_TIMEOUT=500}) means minutes.
 */
@Component
final class UnitlessSampleDurations {

    private static final Logger logger = LoggerFactory.getLogger(UnitlessSampleDurations.class);

    private static final List<String> IN_SECONDS = List.of("sample.http.wait-timeout", "sample.http.retry-after");

    private static final long SUSPICIOUS_SECONDS = 60;

    UnitlessSampleDurations(Environment environment) {
        for (String property : IN_SECONDS) {
            String raw = environment.getProperty(property);
            if (raw == null || !raw.trim().matches("[0-9]{1,18}")) {
                continue;
            }
            long seconds = Long.parseLong(raw.trim());
            if (seconds >= SUSPICIOUS_SECONDS) {
                String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                logger.warn("{}={} is read as {} seconds ({}): a number without a unit is in seconds for this setting; "
                        + "write {}ms if milliseconds were meant, or {}s to keep seconds and silence this", variable,
                        seconds, seconds, Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT),
                        seconds, seconds);
            }
        }
    }

}
