package dev.kafkapool.publisher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;

/**
 * One lane's waits for topics the producer has no metadata for, a {@link TopicWait} per topic:
 * their records are held here in admission order while the lane goes on with every other topic.
 * Each wait is probed with growing pauses; when the topic's metadata arrives its records go back
 * to the lane ahead of anything newer, and when the cluster says it is missing for longer than
 * {@code missing-topic-timeout}, or not authorized, they fail. Used by the lane's worker only
 * (and by shutdown once the worker has exited); {@link #held()} may be read by any thread.
 */
final class TopicWaits {

    /** When the lane's worker must come back to a wait. */
    @FunctionalInterface
    interface Scheduler {

        void schedule(Wakeup wakeup, long due);

    }

    private final LaneSettings settings;

    private final LaneOutcomes outcomes;

    private final TopicProblems topicProblems;

    private final Scheduler scheduler;

    /** Where released records go: the lane's records ready to be sent, in admission order. */
    private final Consumer<PendingMessage> released;

    private final Map<String, TopicWait> byTopic = new HashMap<>();

    /** Records in the waits; written by the worker only (and by shutdown once it has exited). */
    private volatile int held;

    TopicWaits(LaneSettings settings, LaneOutcomes outcomes, TopicProblems topicProblems, Scheduler scheduler,
            Consumer<PendingMessage> released) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.topicProblems = topicProblems;
        this.scheduler = scheduler;
        this.released = released;
    }

    /** Records held in the waits; any thread. */
    int held() {
        return this.held;
    }

    /** The wait of {@code topic}, or {@code null} when the producer is not known to lack its metadata. */
    TopicWait of(String topic) {
        return this.byTopic.isEmpty() ? null : this.byTopic.get(topic);
    }

    /**
     * The producer refused {@code pending} for want of its topic's metadata ({@code failure}): it
     * waits for the topic, in a wait opened now if there was none, or fails at once (see
     * {@link #join}).
     */
    void refused(PendingMessage pending, Exception failure, long now) {
        String topic = pending.message().topic();
        TopicWait wait = this.byTopic.get(topic);
        if (wait == null) {
            wait = new TopicWait(topic, this.topicProblems.entry(topic));
            this.byTopic.put(topic, wait);
            this.scheduler.schedule(wait, now + wait.nextPause(this.settings.retryIntervalNanos()));
        }
        observe(wait, failure, now);
        join(wait, pending, now);
    }

    /** A wait is due: asks {@code producer} for the topic's metadata, without waiting, and acts on the answer. */
    void probe(TopicWait wait, Producer<byte[], byte[]> producer, long now) {
        Exception failure = null;
        try {
            List<PartitionInfo> partitions = producer.partitionsFor(wait.topic);
            if (partitions != null && !partitions.isEmpty()) {
                release(wait);
                return;
            }
        }
        catch (KafkaException ex) {
            failure = ex;
        }
        if (failure != null) {
            observe(wait, failure, now);
            PendingMessage head = wait.records.peek();
            if (head != null && wait.problem.kind == TopicProblem.Kind.NO_METADATA
                    && now - wait.openedNanos >= this.settings.retryIntervalNanos()) {
                // No metadata for longer than a retry: the cluster does not answer, or refuses the
                // connection. Say so, and let the failure listener diagnose it.
                this.outcomes.retrying(head, failure);
            }
        }
        if (wait.problem.kind == TopicProblem.Kind.NOT_AUTHORIZED) {
            failAll(wait, wait.problem.describe());
            return;
        }
        for (PendingMessage head; (head = wait.records.peek()) != null && wait.problem.givesUp(head.admitted, now);) {
            wait.poll();
            this.held--;
            this.outcomes.failed(head, wait.problem.describe() + " and was not created within "
                    + this.settings.missingTopicTimeout() + " (" + this.settings.missingTopicTimeoutSetting() + ")",
                    null);
        }
        if (wait.records.isEmpty()) {
            // the pool-wide problem entry remembers a missing topic for the next record
            close(wait);
            return;
        }
        this.scheduler.schedule(wait, now + wait.nextPause(this.settings.retryIntervalNanos()));
    }

    /** Hands every held record to {@code target} with why it was not delivered, and forgets the waits. */
    void drainTo(Consumer<Undelivered> target) {
        for (TopicWait wait : this.byTopic.values()) {
            for (PendingMessage pending; (pending = wait.poll()) != null;) {
                target.accept(
                        Undelivered.held(pending, wait.problem.heldReason(), null));
            }
            wait.active = false;
        }
        this.byTopic.clear();
        this.held = 0;
    }

    /**
     * Holds {@code pending} behind the earlier records of {@code wait}'s topic; fails it at once
     * when the topic is not authorized, or has been missing for longer than the timeout.
     */
    void join(TopicWait wait, PendingMessage pending, long now) {
        if (wait.problem.kind == TopicProblem.Kind.NOT_AUTHORIZED || wait.problem.longMissing(now)) {
            this.outcomes.failed(pending, wait.problem.describe(), null);
            return;
        }
        pending.unload();
        wait.add(pending);
        this.held++;
    }

    /** Records what a refused send or a probe tells about the topic. */
    private static void observe(TopicWait wait, Exception failure, long now) {
        wait.problem.observe(DeliveryErrors.topicProblem(failure), now);
    }

    /** The topic has metadata now: its records go back to the lane, in admission order, before anything newer. */
    private void release(TopicWait wait) {
        close(wait);
        int count = 0;
        for (PendingMessage pending; (pending = wait.poll()) != null;) {
            this.released.accept(pending);
            this.held--;
            count++;
        }
        this.topicProblems.resolved(wait.problem, count);
    }

    private void failAll(TopicWait wait, String why) {
        close(wait);
        for (PendingMessage pending; (pending = wait.poll()) != null;) {
            this.held--;
            this.outcomes.failed(pending, why, null);
        }
    }

    private void close(TopicWait wait) {
        wait.active = false;
        this.byTopic.remove(wait.topic, wait);
    }

}
