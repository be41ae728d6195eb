package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.journal.JournalStats;

/**
 * Gauges of the pool's state, read from {@link PooledKafkaPublisher#stats()} at scrape time:
 * {@code kafka.publisher.queue.messages}, {@code .queue.bytes}, {@code .in.flight},
 * {@code .workers}, {@code kafka.publisher.client.certificate.expiry} (seconds until the TLS
 * client certificate expires), and with a journal {@code kafka.publisher.journal.bytes},
 * {@code .segments}, {@code .unacknowledged}, {@code .oldest.unacknowledged.age}, {@code .fsync}
 * (a timer), {@code .replayed} and {@code .corrupt}. The bounds are gauges too
 * ({@code kafka.publisher.queue.capacity}, {@code .queue.max.bytes}, {@code .journal.max.bytes}),
 * so a dashboard or an alert divides by the configured value instead of repeating it.
 */
public final class KafkaPublisherMeterBinder implements MeterBinder, AutoCloseable {

    private final BoundMeters meters = new BoundMeters();

    /** What the journal gauges read once the pool has closed its journal. */
    private static final JournalStats NO_JOURNAL = new JournalStats(0, 0, 0, 0, 0, 0, 0, 0);

    private final PooledKafkaPublisher publisher;

    private final PoolConnection connection;

    /**
     * @param publisher the pool, or {@code null} when the bean is not the pool any more (a test's
     * {@code @MockitoBean KafkaPublisher}): then nothing is bound
     */
    public KafkaPublisherMeterBinder(PooledKafkaPublisher publisher, PoolConnection connection) {
        this.publisher = publisher;
        this.connection = connection;
    }

    /**
     * Of the certificate the workers deliver with: while the brokers refuse a renewed one, the one
     * before it, which is the one that will run out.
     */
    private double secondsToExpiry() {
        return this.connection.delivering(this.publisher.connectionInUse())
            .tls()
            .clientCertificate()
            .map((certificate) -> Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toSeconds())
            .orElse(0L);
    }

    private void bindJournal(MeterRegistry registry, String prefix, String pool) {
        this.meters.add(registry, () -> Gauge.builder(prefix + "max.bytes", this.publisher, (p) -> p.config().journal().maxBytes())
            .description("Most disk the journal's segment files may take (kafka.journal.max-bytes)")
            .baseUnit(BaseUnits.BYTES)
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "bytes", this.publisher, (p) -> journal(p).bytes())
            .description("Disk taken by the journal's segment files")
            .baseUnit(BaseUnits.BYTES)
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "segments", this.publisher, (p) -> journal(p).segments())
            .description("Segment files of the journal")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "unacknowledged", this.publisher, (p) -> journal(p).unacknowledged())
            .description("Records in the journal the broker has not acknowledged yet")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> TimeGauge.builder(prefix + "oldest.unacknowledged.age", this.publisher, TimeUnit.MILLISECONDS,
                (p) -> journal(p).oldestUnacknowledgedMillis())
            .description("Age of the oldest record in the journal the broker has not acknowledged (0 when none)")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> FunctionTimer.builder(prefix + "fsync", this.publisher, (p) -> journal(p).fsyncs(),
                (p) -> journal(p).fsyncNanos(), TimeUnit.NANOSECONDS)
            .description("Forces of the journal to the disk, and the time they took")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> FunctionCounter.builder(prefix + "fsync.failures", this.publisher, (p) -> journal(p).fsyncFailures())
            .description("Forces of the journal to the disk that failed (the disk answered an error)")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> FunctionCounter.builder(prefix + "replayed", this.publisher, (p) -> p.stats().replayed())
            .description("Records read back from the journal at start, counted as they are read (published shows their delivery)")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> FunctionCounter.builder(prefix + "corrupt", this.publisher, (p) -> journal(p).corrupt())
            .description("Torn or corrupt journal records skipped at start")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> FunctionCounter.builder(prefix + "torn", this.publisher, (p) -> journal(p).torn())
            .description("Of the corrupt journal records, the torn writes: being written when the process stopped, never "
                    + "answered (corrupt minus torn is records accepted and lost)")
            .tag("pool", pool)
            .register(registry));
    }

    private static JournalStats journal(PooledKafkaPublisher publisher) {
        return publisher.journalStats().orElse(NO_JOURNAL);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (this.publisher == null) {
            return;
        }
        String pool = this.publisher.config().label();
        String prefix = MicrometerPublisherMetricsTracker.PREFIX;
        this.meters.add(registry, () -> Gauge.builder(prefix + "queue.messages", this.publisher, (p) -> p.stats().queued())
            .description("Messages waiting to be sent, including those waiting for a retry")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "queue.bytes", this.publisher, (p) -> p.stats().queuedBytes())
            .description("Heap held by messages in the pool, queued or in flight (what queue-max-bytes bounds)")
            .baseUnit(BaseUnits.BYTES)
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "queue.capacity", this.publisher, (p) -> p.config().queueCapacity())
            .description("Most messages the pool holds, queued or in flight (kafka.queue-capacity)")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "queue.max.bytes", this.publisher, (p) -> p.config().queueMaxBytes())
            .description("Most heap the pool's messages may hold (kafka.queue-max-bytes)")
            .baseUnit(BaseUnits.BYTES)
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "in.flight", this.publisher, (p) -> p.stats().inFlight())
            .description("Messages handed to a Kafka producer and not yet acknowledged")
            .tag("pool", pool)
            .register(registry));
        this.meters.add(registry, () -> Gauge.builder(prefix + "workers", this.publisher, (p) -> p.stats().workers())
            .description("Publisher workers alive")
            .tag("pool", pool)
            .register(registry));
        if (this.publisher.journalStats().isPresent()) {
            bindJournal(registry, prefix + "journal.", pool);
        }
        if (this.connection.current().tls().clientCertificate().isPresent()) {
            // read at each scrape: a reloaded certificate moves the gauge
            this.meters.add(registry, () -> TimeGauge.builder(prefix + "client.certificate.expiry", this, TimeUnit.SECONDS,
                    KafkaPublisherMeterBinder::secondsToExpiry)
                .description("Seconds until the TLS client certificate the pool delivers with expires (negative once "
                        + "expired)")
                .tag("pool", pool)
                .register(registry));
        }
    }

    /** Removes what {@link #bindTo} registered, when the context closes. */
    @Override
    public void close() {
        this.meters.close();
    }

}
