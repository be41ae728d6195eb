package dev.kafkapool.sample;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.context.annotation.Lazy;

/**
 * Warns, once at startup, about a sample duration written as a bare number under a thousand:
 * Spring Boot reads a number without a unit as milliseconds here, while the {@code KAFKA_*}
 * durations take it as seconds, so {@code SAMPLE_HTTP_WAIT_TIMEOUT=10} is 10 ms, and every
 * {@code wait=true} request a 504, where 10 seconds were likely meant.
 */
@Component
@Lazy(false)
final class UnitlessSampleDurations {

    private static final Logger logger = LoggerFactory.getLogger(UnitlessSampleDurations.class);

    private static final List<String> IN_MILLISECONDS = List.of("sample.http.wait-timeout", "sample.http.retry-after");

    private static final long SUSPICIOUS_MILLIS = 1000;

    UnitlessSampleDurations(Environment environment) {
        for (String property : IN_MILLISECONDS) {
            String raw = environment.getProperty(property);
            if (raw == null || !raw.trim().matches("[0-9]{1,18}")) {
                continue;
            }
            long millis = Long.parseLong(raw.trim());
            if (millis < SUSPICIOUS_MILLIS) {
                String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                logger.warn("{}={} is read as {} milliseconds: a number without a unit is in milliseconds for this "
                        + "setting (the KAFKA_* durations take seconds); write {}s if seconds were meant, or {}ms to "
                        + "keep milliseconds and silence this", variable, millis, millis, millis, millis);
            }
        }
    }

}
