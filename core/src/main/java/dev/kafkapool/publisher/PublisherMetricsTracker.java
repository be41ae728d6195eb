package dev.kafkapool.publisher;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/**
 * Receives the pool's events for metrics. Every method has a no-op default; gauges (queue depth,
 * bytes, workers) are read from {@link KafkaPublisher#stats()} instead.
 *
 * <p>Methods are called on publishing threads and Kafka producer threads: they must be fast and
 * must not throw. What one throws anyway, an {@link Error} included, is logged and changes nothing
 * for the messages.
 */
public interface PublisherMetricsTracker {

    /** A tracker that records nothing. */
    PublisherMetricsTracker NONE = new PublisherMetricsTracker() {
    };

    /** {@code count} messages were refused at admission. */
    default void recordRejected(Reason reason, int count) {
    }

    /**
     * {@code count} messages were refused at admission; {@code topic} is the topic of the message
     * refused, or {@code null} when the refusal is not about one. It comes from the caller: a
     * tracker keeps only allow-listed topics apart, so that tag values stay bounded.
     */
    default void recordRejected(Reason reason, String topic, int count) {
        recordRejected(reason, count);
    }

    /** The broker acknowledged a message {@code latencyNanos} after its admission. */
    default void recordPublished(long latencyNanos) {
    }

    /** A message failed terminally. */
    default void recordFailed() {
    }

    /** A delivery attempt failed retriably; the message was queued again. */
    default void recordRetried() {
    }

    /** A worker thread died and was replaced. */
    default void recordWorkerRestart() {
    }

}
