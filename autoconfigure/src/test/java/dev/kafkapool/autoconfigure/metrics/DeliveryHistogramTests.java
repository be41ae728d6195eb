package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery histogram keeps outage-long deliveries in finite buckets, so its percentiles do not stop at 30 s. */
class DeliveryHistogramTests {

    @Test
    void aDeliveryOfSomeMinutesFallsInAFiniteBucketNotOnlyInInf() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerPublisherMetricsTracker tracker = new MicrometerPublisherMetricsTracker(registry, "p");

        tracker.recordPublished(Duration.ofMinutes(5).toNanos());

        // the largest finite bucket that holds it is above five minutes and at most the expected maximum
        Matcher bucket = Pattern.compile("kafka_publisher_delivery_seconds_bucket\\{pool=\"p\",le=\"([0-9.]+)\"} 1")
            .matcher(registry.scrape());
        assertThat(bucket.find()).as(registry.scrape()).isTrue();
        double first = Double.parseDouble(bucket.group(1));
        assertThat(first).isGreaterThanOrEqualTo(300).isLessThanOrEqualTo(3600);
    }

}
