package dev.kafkapool.publisher;

/**
 * One lane's records of a topic the producer has no metadata for (it does not exist, is not
 * authorized, or the cluster has not answered yet). They wait here, in admission order, without
 * being handed to the producer, while the worker goes on with every other topic; the worker
 * probes the topic's metadata with growing pauses and releases them, or fails them, on the
 * answer.
 */
final class TopicWait extends Wakeup {

    /** First probe: a topic that exists has its metadata after one round trip. */
    static final long FIRST_PROBE_NANOS = 10_000_000L;

    final String topic;

    final TopicProblems.Entry problem;

    final AdmissionOrderQueue records = new AdmissionOrderQueue();

    final long openedNanos = System.nanoTime();

    private long pauseNanos = FIRST_PROBE_NANOS;

    TopicWait(String topic, TopicProblems.Entry problem) {
        this.topic = topic;
        this.problem = problem;
    }

    void add(PendingMessage pending) {
        this.records.add(pending);
        this.problem.recordWaits();
    }

    PendingMessage poll() {
        PendingMessage pending = this.records.poll();
        if (pending != null) {
            this.problem.recordLeft();
        }
        return pending;
    }

    /** The pause before the next probe: doubling from 10 ms up to {@code maxNanos}. */
    long nextPause(long maxNanos) {
        long pause = this.pauseNanos;
        this.pauseNanos = Math.min(maxNanos, pause * 2);
        return Math.min(pause, maxNanos);
    }

}
