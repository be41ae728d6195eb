package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
 * {@code .failed}, {@code .retried}, {@code .rejected} (tags {@code reason} and {@code topic}) and the timer
 * {@code kafka.publisher.delivery} (admission to broker acknowledgement, with a histogram).
 * Meters are created once; recording is a counter increment or a timer record.
 *
 * <p>The {@code topic} tag of a refusal is the topic only when it is on the allow-list, and
 * {@value #OTHER_TOPIC} otherwise (no allow-list, a refusal not about a topic, or a topic named
 * by a caller): its values stay bounded however callers name topics.
 */
public final class MicrometerPublisherMetricsTracker implements PublisherMetricsTracker {

    static final String PREFIX = "kafka.publisher.";

    /** {@code topic} tag of a refusal whose topic is not on the allow-list. */
    public static final String OTHER_TOPIC = "other";

    private final Counter published;

    private final Counter failed;

    private final Counter retried;

    private final Counter workerRestarts;

    /** Refusals by reason, then by allow-listed topic or {@link #OTHER_TOPIC}. */
    private final Map<Reason, Map<String, Counter>> rejected = new EnumMap<>(Reason.class);

    private final Timer delivery;

    /** The delivery histogram's last finite bucket. */
    static final Duration MAX_EXPECTED_DELIVERY = Duration.ofHours(1);

    public MicrometerPublisherMetricsTracker(MeterRegistry registry, String pool) {
        this(registry, pool, List.of());
    }

    /** A tracker that tags refusals with {@code allowedTopics}, each by its name. */
    public MicrometerPublisherMetricsTracker(MeterRegistry registry, String pool, Collection<String> allowedTopics) {
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
            Map<String, Counter> byTopic = new HashMap<>();
            byTopic.put(OTHER_TOPIC, rejectedCounter(registry, pool, reason, OTHER_TOPIC));
            for (String topic : allowedTopics) {
                byTopic.putIfAbsent(topic, rejectedCounter(registry, pool, reason, topic));
            }
            this.rejected.put(reason, Map.copyOf(byTopic));
        }
        this.delivery = Timer.builder(PREFIX + "delivery")
            .description("Time from admission to the broker's acknowledgement")
            .tag("pool", pool)
            .publishPercentileHistogram()
            // Micrometer's buckets stop at 30 s: in a longer outage every delivery fell in +Inf, and
            // the dashboard's percentiles stopped at 30 s; a journal's backlog may wait hours
            .maximumExpectedValue(MAX_EXPECTED_DELIVERY)
            .register(registry);
    }

    private static Counter rejectedCounter(MeterRegistry registry, String pool, Reason reason, String topic) {
        return rejectedCounter(registry, pool, reason.name().toLowerCase(Locale.ROOT), topic);
    }

    /**
     * The {@code kafka.publisher.rejected} counter of one refusal reason and topic tag, for an
     * application that refuses messages for reasons of its own (the sample's per-client limits)
     * and counts them beside the pool's.
     * @param reason the {@code reason} tag, lower case
     * @param topic an allow-listed topic, or {@link #OTHER_TOPIC}
     */
    public static Counter rejectedCounter(MeterRegistry registry, String pool, String reason, String topic) {
        return Counter.builder(PREFIX + "rejected")
            .description("Messages refused at admission")
            .tag("pool", pool)
            .tag("reason", reason)
            .tag("topic", topic)
            .register(registry);
    }

    @Override
    public void recordRejected(Reason reason, int count) {
        recordRejected(reason, null, count);
    }

    @Override
    public void recordRejected(Reason reason, String topic, int count) {
        Map<String, Counter> byTopic = this.rejected.get(reason);
        Counter counter = (topic != null) ? byTopic.get(topic) : null;
        ((counter != null) ? counter : byTopic.get(OTHER_TOPIC)).increment(count);
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
