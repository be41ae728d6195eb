package dev.kafkapool.autoconfigure.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.kafkapool.publisher.PublishRejectedException.Reason;
import dev.kafkapool.publisher.PublisherMetricsTracker;

/**
 * Records the pool's events as Micrometer meters: counters {@code kafka.publisher.published},
 * {@code .failed}, {@code .retried}, {@code .rejected} (tag {@code reason}) and the timer
 * {@code kafka.publisher.delivery} (admission to broker acknowledgement, with a histogram).
 * Meters are created once; recording is a counter increment or a timer record.
 */
public final class MicrometerPublisherMetricsTracker implements PublisherMetricsTracker {

    static final String PREFIX = "kafka.publisher.";

    private final Counter published;

    private final Counter failed;

    private final Counter retried;

    private final Counter workerRestarts;

    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

    private final Timer delivery;

    public MicrometerPublisherMetricsTracker(MeterRegistry registry, String pool) {
        this.published = Counter.builder(PREFIX + "published")
            .description("Messages the broker acknowledged")
            .tag("pool", pool)
            .register(registry);
        this.failed = Counter.builder(PREFIX + "failed")
            .description("Messages that failed terminally or were left undelivered at shutdown")
            .tag("pool", pool)
            .register(registry);
        this.retried = Counter.builder(PREFIX + "retried")
            .description("Delivery attempts that failed retriably and were queued again")
            .tag("pool", pool)
            .register(registry);
        this.workerRestarts = Counter.builder(PREFIX + "worker.restarts")
            .description("Worker threads that died and were replaced")
            .tag("pool", pool)
            .register(registry);
        for (Reason reason : Reason.values()) {
            this.rejected.put(reason, Counter.builder(PREFIX + "rejected")
                .description("Messages refused at admission")
                .tag("pool", pool)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry));
        }
        this.delivery = Timer.builder(PREFIX + "delivery")
            .description("Time from admission to the broker's acknowledgement")
            .tag("pool", pool)
            .publishPercentileHistogram()
            .register(registry);
    }

    @Override
    public void recordRejected(Reason reason, int count) {
        this.rejected.get(reason).increment(count);
    }

    @Override
    public void recordPublished(long latencyNanos) {
        this.published.increment();
        this.delivery.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordFailed() {
        this.failed.increment();
    }

    @Override
    public void recordRetried() {
        this.retried.increment();
    }

    @Override
    public void recordWorkerRestart() {
        this.workerRestarts.increment();
    }

}
