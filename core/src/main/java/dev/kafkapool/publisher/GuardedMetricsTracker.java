package dev.kafkapool.publisher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/**
 * The application's {@link PublisherMetricsTracker}, made harmless: it is told of outcomes on Kafka
 * producer threads and the pool's workers, between a record's settling and its future's completion,
 * so what it throws (an {@link Error} too) is logged, a line a second, and goes no further.
 */
final class GuardedMetricsTracker implements PublisherMetricsTracker {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    private final PublisherMetricsTracker tracker;

    private final String label;

    private final ThrottledLog log = new ThrottledLog(1);

    private GuardedMetricsTracker(PublisherMetricsTracker tracker, String label) {
        this.tracker = tracker;
        this.label = label;
    }

    /** {@code tracker}, guarded unless it is {@link PublisherMetricsTracker#NONE}. */
    static PublisherMetricsTracker of(PublisherMetricsTracker tracker, String label) {
        return (tracker == PublisherMetricsTracker.NONE || tracker instanceof GuardedMetricsTracker) ? tracker
                : new GuardedMetricsTracker(tracker, label);
    }

    @Override
    public void recordRejected(Reason reason, int count) {
        try {
            this.tracker.recordRejected(reason, count);
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    @Override
    public void recordRejected(Reason reason, String topic, int count) {
        try {
            this.tracker.recordRejected(reason, topic, count);
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    @Override
    public void recordPublished(long latencyNanos) {
        try {
            this.tracker.recordPublished(latencyNanos);
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    @Override
    public void recordFailed() {
        try {
            this.tracker.recordFailed();
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    @Override
    public void recordRetried() {
        try {
            this.tracker.recordRetried();
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    @Override
    public void recordWorkerRestart() {
        try {
            this.tracker.recordWorkerRestart();
        }
        catch (Throwable ex) {
            failed(ex);
        }
    }

    private void failed(Throwable ex) {
        try {
            if (this.log.tryAcquire()) {
                logger.warn("{} - The metrics tracker failed ({} more since the last line): {}", this.label,
                        this.log.takeSuppressed(), DeliveryErrors.describe(ex));
            }
        }
        catch (Throwable logging) {
            // nor by a log line the JVM has no memory for
        }
    }

}
