package dev.kafkapool.publisher;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/**
 * Receives the pool's events for metrics. Every method has a no-op default; gauges (queue depth,
 * bytes, workers) are read from {@link KafkaPublisher#stats()} instead.
 *
 * <p>Methods are called on publishing threads and Kafka producer threads: they must be fast and
 * must not throw.
 */
public interface PublisherMetricsTracker {

    /** A tracker that records nothing. */
    PublisherMetricsTracker NONE = new PublisherMetricsTracker() {
    };

    /** {@code count} messages were refused at admission. */
    default void recordRejected(Reason reason, int count) {
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
