package dev.kafkapool.autoconfigure.publisher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings the unit WARN watches are read from the properties' own @DurationUnit annotations. */
class UnitlessDurationsTests {

    @Test
    void theSettingsReadInSecondsAreExactlyThoseWhoseFieldSaysSo() {
        // not the fsync interval (milliseconds) nor the expiry warning (days)
        assertThat(UnitlessDurations.IN_SECONDS).containsExactlyInAnyOrder("kafka.publish-retry-interval",
                "kafka.startup-timeout", "kafka.shutdown-timeout", "kafka.missing-topic-timeout",
                "kafka.health.timeout", "kafka.health.cache-ttl", "kafka.tls.reload-interval");
    }

}
