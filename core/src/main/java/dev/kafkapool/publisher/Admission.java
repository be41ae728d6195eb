package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/**
 * The checks a message passes before the pool takes it, on the caller's thread and without a lock:
 * the pool is open, the topic is allowed and legal, the record fits the producer's size limit,
 * its topic's rate has room for it ({@link TopicLimit}), and there is room for what it holds in
 * memory ({@link MessageFootprint}). Each refusal is
 * immediate, typed, counted, and names the pool and its state.
 */
final class Admission {

    private final PublisherConfig config;

    private final AdmissionBudget budget;

    private final PublisherMetricsTracker metrics;

    private final TopicRateLimits limits;

    private final Supplier<PublisherStats> stats;

    private final LongAdder rejected = new LongAdder();

    /** The last admission stamp handed out; see {@link #stamps(int)}. */
    private final AtomicLong lastStamp = new AtomicLong(System.nanoTime());

    Admission(PublisherConfig config, AdmissionBudget budget, PublisherMetricsTracker metrics,
            Supplier<PublisherStats> stats) {
        this.config = config;
        this.budget = budget;
        this.metrics = metrics;
        this.stats = stats;
        this.limits = new TopicRateLimits(config.topicLimits());
        preload();
    }

    /**
     * Runs the checks' sizing once on a probe, so that the pool's first publish does not load and
     * initialize their classes on the caller's thread: 2–3 ms of CPU, most of it
     * {@link MessageFootprint} reading the VM's object layout through its management bean; in a
     * burst on a quiet machine that first call was the longest publish.
     */
    private static void preload() {
        KafkaMessage probe = KafkaMessage.builder("probe").key("k").value("v").header("h", "v").build();
        TopicNames.isLegal(probe.topic());
        RecordSize.upperBound(probe);
        MessageFootprint.of(probe);
    }

    /**
     * Refuses {@code count} messages unless the pool is enabled and admits; counted under {@code topic}, their
     * topic ({@code null} for a batch to several topics).
     */
    void requireOpen(PoolState state, String topic, int count) {
        if (!this.config.enabled()) {
            throw reject(Reason.DISABLED, topic, count, "Kafka is disabled (" + this.config.setting("enabled") + "=false)");
        }
        if (!state.admits()) {
            throw reject(Reason.SHUTTING_DOWN, topic, count, "the pool is " + state.description());
        }
    }

    /**
     * {@link #requireOpen(PoolState, String, int)} for a batch: its shared topic (a refusal's tag) is looked for
     * only when it is refused, not on every admission.
     */
    void requireOpen(PoolState state, List<KafkaMessage> batch) {
        if (!this.config.enabled() || !state.admits()) {
            requireOpen(state, sharedTopic(batch), batch.size());
        }
    }

    /** The topic of every message of a batch, or {@code null} when they go to more than one: a refusal's metric tag. */
    static String sharedTopic(List<KafkaMessage> messages) {
        String topic = messages.get(0).topic();
        for (KafkaMessage message : messages) {
            if (!topic.equals(message.topic())) {
                return null;
            }
        }
        return topic;
    }

    /**
     * Checks one message of a batch of {@code count}: topic and size.
     * @return the heap it holds while queued
     */
    long check(KafkaMessage message, int count) {
        String topic = message.topic();
        if (!this.config.allowedTopics().isEmpty() && !this.config.allowedTopics().contains(topic)) {
            throw reject(Reason.TOPIC_NOT_ALLOWED, count,
                    "topic " + LogSafe.text(topic) + " is not in " + this.config.setting("allowedTopics") + " "
                            + this.config.allowedTopics());
        }
        if (!TopicNames.isLegal(topic)) {
            throw reject(Reason.TOPIC_NOT_ALLOWED, count, "topic " + LogSafe.text(topic)
                    + " is not a legal Kafka topic name: use " + TopicNames.RULE);
        }
        // a long, the id header included: past 2 GiB it must not wrap round to negative
        long size = RecordSize.upperBound(message, this.config.journal() != null);
        if (size > this.config.maxRecordBytes()) {
            throw reject(Reason.TOO_LARGE, topic, count, "the record takes up to " + size + " bytes (key, value, "
                    + message.headers().size() + " header(s) and Kafka's record overhead), more than the "
                    + this.config.maxRecordBytesSetting() + " of " + this.config.maxRecordBytes() + " bytes allows");
        }
        return MessageFootprint.of(message);
    }

    /**
     * Takes room in the rate of each limited topic of {@code messages}, all or none; refuses them
     * all with {@link Reason#RATE_LIMITED} and the wait its bucket computes, or as
     * {@link Reason#TOO_LARGE} when they are more than the bucket ever holds. What is taken is
     * given back by {@link #giveBackRates} when the messages are refused afterwards.
     */
    void takeRates(List<KafkaMessage> messages) {
        if (this.limits.isEmpty()) {
            return;
        }
        int count = messages.size();
        List<Map.Entry<TopicRateLimits.Buckets, long[]>> taken = new ArrayList<>();
        try {
            for (Map.Entry<TopicRateLimits.Buckets, long[]> cost : costs(messages).entrySet()) {
                take(cost.getKey(), cost.getValue()[0], cost.getValue()[1], count);
                taken.add(cost);
            }
        }
        catch (PublishRejectedException ex) {
            taken.forEach((cost) -> cost.getKey().giveBack(cost.getValue()[0], cost.getValue()[1]));
            throw ex;
        }
    }

    /** {@link #takeRates} for one message, without allocating. */
    void takeRate(KafkaMessage message) {
        TopicRateLimits.Buckets buckets = this.limits.of(message.topic());
        if (buckets != null) {
            take(buckets, 1, message.payloadBytes(), 1);
        }
    }

    /** Gives back what {@link #takeRate} took for {@code message}. */
    void giveBackRate(KafkaMessage message) {
        TopicRateLimits.Buckets buckets = this.limits.of(message.topic());
        if (buckets != null) {
            buckets.giveBack(1, message.payloadBytes());
        }
    }

    /** Gives back what {@link #takeRates} took for {@code messages}. */
    void giveBackRates(List<KafkaMessage> messages) {
        if (!this.limits.isEmpty()) {
            costs(messages).forEach((buckets, cost) -> buckets.giveBack(cost[0], cost[1]));
        }
    }

    private void take(TopicRateLimits.Buckets buckets, long records, long bytes, int count) {
        String topic = buckets.topic();
        if (!buckets.fits(records, bytes)) {
            throw reject(Reason.TOO_LARGE, topic, count, ((records == 1) ? "the record's " + bytes + " bytes are"
                    : records + " records of " + bytes + " bytes are") + " more than topic " + topic
                    + "'s rate ever admits at once (" + buckets.capacity() + ", "
                    // without a records rate the bytes bucket holds one second of bytes, and a burst is refused
                    + this.config.setting("topicLimits." + topic + (buckets.limitsRecords() ? ".burst" : ".bytesPerSecond"))
                    + ")");
        }
        long wait = buckets.tryTake(records, bytes);
        if (wait > 0) {
            Duration retryAfter = Duration.ofNanos(wait);
            throw reject(Reason.RATE_LIMITED, topic, count, "topic " + topic + " is at its rate ("
                    + this.config.setting("topicLimits." + topic) + "); room again in " + retryAfter.toMillis()
                    + " ms", retryAfter);
        }
    }

    private Map<TopicRateLimits.Buckets, long[]> costs(List<KafkaMessage> messages) {
        Map<TopicRateLimits.Buckets, long[]> costs = new LinkedHashMap<>();
        for (KafkaMessage message : messages) {
            TopicRateLimits.Buckets buckets = this.limits.of(message.topic());
            if (buckets != null) {
                long[] cost = costs.computeIfAbsent(buckets, (key) -> new long[2]);
                cost[0]++;
                cost[1] += message.payloadBytes();
            }
        }
        return costs;
    }

    /**
     * Takes room for {@code count} journaled messages holding {@code bytes} in all, with their
     * payloads in memory, while the queue's bytes stay under half of {@code queue-max-bytes};
     * {@code false} without refusing otherwise: they are admitted cold instead, and the other half
     * is for cold messages' references.
     */
    boolean tryAcquireHot(int count, long bytes) {
        long hotLimit = this.config.queueMaxBytes() / 2;
        return bytes <= hotLimit && this.budget.tryAcquire(count, bytes, hotLimit);
    }

    /**
     * Takes room for {@code count} journaled messages whose payloads stay in the journal, counted at {@code bytes}
     * in all ({@link MessageFootprint#journaledCold}), or refuses them all.
     */
    void acquireCold(String topic, int count, long bytes) {
        acquire(topic, count, bytes);
    }

    /**
     * Takes room for {@code count} messages holding {@code bytes} in all, or refuses all of them;
     * {@code topic}: theirs when they share one (a refusal is counted under it), else {@code null}.
     */
    void acquire(String topic, int count, long bytes) {
        if (count > this.config.queueCapacity() || bytes > this.config.queueMaxBytes()) {
            throw reject(Reason.TOO_LARGE, topic, count,
                    ((count == 1) ? "the message holds " + bytes + " bytes in memory"
                            : "a batch of " + count + " messages holding " + bytes + " bytes in memory")
                            + ", more than the queue can ever take (" + this.config.setting("queueCapacity") + "="
                            + this.config.queueCapacity() + ", " + this.config.setting("queueMaxBytes") + "="
                            + this.config.queueMaxBytes() + ")");
        }
        if (!this.budget.tryAcquire(count, bytes)) {
            throw reject(Reason.QUEUE_FULL, topic, count, ((count == 1) ? "the queue is full"
                    : "the queue has no room for a batch of " + count + " messages holding " + bytes + " bytes")
                    + " (" + boundReached(count) + ")");
        }
    }

    /** Which of the queue's two bounds refused {@code count} more messages, as near as a racing read tells. */
    private String boundReached(int count) {
        return (this.budget.messages() + count > this.config.queueCapacity())
                ? "its count bound " + this.config.setting("queueCapacity") + "=" + this.config.queueCapacity()
                : "its byte bound " + this.config.setting("queueMaxBytes") + "=" + this.config.queueMaxBytes()
                        + ", records counted with the objects around them";
    }

    /**
     * Reserves {@code count} consecutive admission stamps and returns the first: the current
     * {@link System#nanoTime()}, or one past the last stamp if that is not earlier. So a stamp is
     * the admission time (to within the nanoseconds of a burst) and also the admission order.
     */
    long stamps(int count) {
        long now = System.nanoTime();
        while (true) {
            long last = this.lastStamp.get();
            long first = (now - last > 0) ? now : last + 1;
            if (this.lastStamp.compareAndSet(last, first + count - 1)) {
                return first;
            }
        }
    }

    long rejected() {
        return this.rejected.sum();
    }

    PublishRejectedException reject(Reason reason, int count, String why) {
        return reject(reason, null, count, why, null);
    }

    PublishRejectedException reject(Reason reason, String topic, int count, String why) {
        return reject(reason, topic, count, why, null);
    }

    private PublishRejectedException reject(Reason reason, String topic, int count, String why, Duration retryAfter) {
        this.rejected.add(count);
        this.metrics.recordRejected(reason, topic, count);
        return new PublishRejectedException(reason,
                this.config.label() + " - publish rejected (" + reason + "): " + why + " [" + this.stats.get() + "]",
                retryAfter, why);
    }

}
