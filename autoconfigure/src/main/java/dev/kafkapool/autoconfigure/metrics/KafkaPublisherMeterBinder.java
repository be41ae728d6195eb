package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Gauges of the pool's state, read from {@link PooledKafkaPublisher#stats()} at scrape time:
 * {@code kafka.publisher.queue.messages}, {@code .queue.bytes}, {@code .in.flight},
 * {@code .workers}, and {@code kafka.publisher.client.certificate.expiry} (seconds until the
 * TLS client certificate expires).
 */
public final class KafkaPublisherMeterBinder implements MeterBinder {

    private final PooledKafkaPublisher publisher;

    private final PoolConnection connection;

    public KafkaPublisherMeterBinder(PooledKafkaPublisher publisher, PoolConnection connection) {
        this.publisher = publisher;
        this.connection = connection;
    }

    private static double secondsToExpiry(PoolConnection connection) {
        return connection.current()
            .tls()
            .clientCertificate()
            .map((certificate) -> Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toSeconds())
            .orElse(0L);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String pool = this.publisher.config().label();
        String prefix = MicrometerPublisherMetricsTracker.PREFIX;
        Gauge.builder(prefix + "queue.messages", this.publisher, (p) -> p.stats().queued())
            .description("Messages waiting to be sent, including those waiting for a retry")
            .tag("pool", pool)
            .register(registry);
        Gauge.builder(prefix + "queue.bytes", this.publisher, (p) -> p.stats().queuedBytes())
            .description("Heap held by messages in the pool, queued or in flight (what queue-max-bytes bounds)")
            .baseUnit(BaseUnits.BYTES)
            .tag("pool", pool)
            .register(registry);
        Gauge.builder(prefix + "in.flight", this.publisher, (p) -> p.stats().inFlight())
            .description("Messages handed to a Kafka producer and not yet acknowledged")
            .tag("pool", pool)
            .register(registry);
        Gauge.builder(prefix + "workers", this.publisher, (p) -> p.stats().workers())
            .description("Publisher workers alive")
            .tag("pool", pool)
            .register(registry);
        if (this.connection.current().tls().clientCertificate().isPresent()) {
            // read at each scrape: a reloaded certificate moves the gauge
            TimeGauge.builder(prefix + "client.certificate.expiry", this.connection, TimeUnit.SECONDS,
                    KafkaPublisherMeterBinder::secondsToExpiry)
                .description("Seconds until the TLS client certificate expires (negative once expired)")
                .tag("pool", pool)
                .register(registry);
        }
    }

}
