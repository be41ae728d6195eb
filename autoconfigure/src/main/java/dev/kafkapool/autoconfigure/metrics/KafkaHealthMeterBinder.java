package dev.kafkapool.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code kafka.publisher.health} (Prometheus {@code kafka_publisher_health}): 1 while the
 * {@code kafka} health contributor is UP, 0 when it is DOWN, OUT_OF_SERVICE or anything else,
 * read at scrape time. What readiness shows to Kubernetes, as a series an alert can watch. A
 * scrape takes at most the health's own timeout ({@code KAFKA_HEALTH_TIMEOUT}), and reuses its
 * cached cluster check.
 */
final class KafkaHealthMeterBinder implements MeterBinder, AutoCloseable {

    private final BoundMeters meters = new BoundMeters();

    private final HealthIndicator indicator;

    private final String pool;

    KafkaHealthMeterBinder(HealthIndicator indicator, String pool) {
        this.indicator = indicator;
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.meters.add(registry, () -> Gauge.builder("kafka.publisher.health", this.indicator,
                (health) -> Status.UP.equals(health.health(false).getStatus()) ? 1 : 0)
            .description("1 while the kafka health contributor (a member of readiness) is UP, else 0")
            .tag("pool", this.pool)
            .register(registry));
    }

    /** Removes what {@link #bindTo} registered, when the context closes. */
    @Override
    public void close() {
        this.meters.close();
    }

}
