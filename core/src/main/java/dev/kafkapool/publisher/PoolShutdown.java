package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.publisher.journal.Journal;

/**
 * The steps of a pool's shutdown once admission is closed: wait for the lanes to drain within the
 * budget, stop the workers, close the producers on a thread of their own, collect what the lanes
 * still hold, and report every message that was not delivered, with why. Each step keeps to the
 * deadline it is given, whatever the producers and callers' completion stages do; a worker that
 * outlives it reports what it held when it exits at last.
 */
final class PoolShutdown {

    /** The pool's own logger: users configure one name for everything the pool says. */
    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    /** Beyond the shutdown timeout: for workers to notice the stop and producers to close. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    /** Most problem topics the report's reason names. */
    private static final int MAX_TOPICS_NAMED = 10;

    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final String label;

    private final AdmissionBudget budget;

    private final DeliveryOutcomes outcomes;

    /** Whether the shutdown under way found a producer whose network thread had died. */
    private volatile boolean deadProducers;

    /** The thread closing the producers of the shutdown under way; {@code null} between shutdowns. */
    private volatile Thread closer;

    PoolShutdown(String label, AdmissionBudget budget, DeliveryOutcomes outcomes) {
        this.label = label;
        this.budget = budget;
        this.outcomes = outcomes;
    }

    /**
     * Waits until every admitted message is settled, or until {@code deadline} ({@link System#nanoTime()}); looked at
     * again and again, {@code dead} says which producers' network threads have died: nothing such a producer holds or
     * is given settles, so once one has, the wait ends when the lanes that send with a live producer are empty (with
     * per-worker producers, the others go on delivering meanwhile).
     */
    void drain(Duration timeout, long deadline, DeliveryLane[] lanes, Supplier<List<Producer<byte[], byte[]>>> dead) {
        long held = this.budget.messages();
        if (held == 0) {
            return;
        }
        logger.info("{} - Draining {} message(s) within {}", this.label, held, timeout);
        boolean warned = false;
        boolean interrupted = false;
        while (this.budget.messages() > 0 && deadline - System.nanoTime() > 0) {
            List<Producer<byte[], byte[]>> deadNow = dead.get();
            if (!deadNow.isEmpty()) {
                if (!warned) {
                    warned = true;
                    logger.warn("{} - The network thread of a Kafka producer the pool sends with has died: the lanes "
                            + "that send with it are not drained (nothing is delivered through it), and what they "
                            + "hold is reported below", this.label);
                }
                if (livingLanesEmpty(lanes, deadNow)) {
                    break;
                }
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
            // an interrupt does not end the drain (nor spin it: a park returns at once while the flag is set)
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every lane that sends with a producer not in {@code dead} holds nothing. */
    private static boolean livingLanesEmpty(DeliveryLane[] lanes, List<Producer<byte[], byte[]>> dead) {
        for (DeliveryLane lane : lanes) {
            Producer<byte[], byte[]> producer = lane.producer();
            boolean deadProducer = false;
            for (Producer<byte[], byte[]> each : dead) {
                deadProducer |= each == producer;
            }
            if (!deadProducer && lane.queued() + lane.inFlight() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the lanes' workers, fails what the {@code dead} producers hold (their network thread has died),
     * closes {@code producers} (which the caller has taken out of the pool), and adds what the lanes still
     * hold to {@code undelivered}; a lane whose worker has not
     * stopped reports its messages itself when it does ({@code journal}: where they are kept, or
     * {@code null}).
     */
    void stop(DeliveryLane[] lanes, List<Producer<byte[], byte[]>> producers, List<Producer<byte[], byte[]>> dead,
            long deadline, Journal journal, List<Undelivered> undelivered) {
        stopWorkers(lanes, deadline);
        this.deadProducers = !dead.isEmpty();
        // their callbacks run here, so the records come back to the lanes' report with their keys: closing a
        // producer whose network thread is dead fails none of them
        for (Producer<byte[], byte[]> producer : dead) {
            if (!DeadProducerRecords.fail(producer)) {
                logger.warn("{} - Could not fail the records inside a Kafka producer whose network thread has died "
                        + "(not Kafka's own producer?): they are counted below, not named", this.label);
            }
        }
        this.closer = closeProducers(producers, deadline);
        collect(lanes, undelivered, journal);
    }

    /**
     * When the producers did not close in time: waits for them a margin more, reports at once what they failed
     * meanwhile, and says how many messages a producer or a worker still holds. The late answers' own reporter waits to gather a burst first, and a JVM that exits when shutdown
     * returns (a Spring Boot application's) ended it before it reported anything: the records were in no report.
     * @return the records reported late since the shutdown report, and those no one has answered for yet
     */
    long awaitLateAnswers() {
        Thread closing = this.closer;
        this.closer = null;
        if (closing != null) {
            BoundedWait.join(closing, MARGIN.toMillis());
        }
        // counted once no late report is half made: one settles its records before its handler logs them, and a
        // count taken in between missed them in every line
        DeliveryOutcomes.LateAnswers late = this.outcomes.afterLateReports(this.budget::messages);
        long unanswered = late.unanswered();
        if (unanswered > 0 && this.deadProducers) {
            logger.error("{} - {} message(s) were inside a Kafka producer whose network thread had died while it "
                    + "answered for them (the rest of what it held is listed above): the broker may or may not have "
                    + "them, and nothing will answer for them", this.label, unanswered);
        }
        else if (unanswered > 0) {
            logger.error("{} - {} message(s) were inside a Kafka producer that did not close in time, or held by a "
                    + "worker that did not stop in time: the broker may or may not have them; their futures complete "
                    + "if it answers later (and they are reported then), or the worker reports them when it stops",
                    this.label, unanswered);
        }
        return late.reported() + unanswered;
    }

    /**
     * Reports {@code undelivered} in admission order: kept in {@code journal} for the next start,
     * or handed to the undelivered-message handler.
     */
    void report(List<Undelivered> undelivered, Duration timeout, Journal journal, List<TopicProblem> topicProblems) {
        // the handler is given the shutdown timeout again to take the report (listing ~10,000 a second)
        handOver(undelivered, journal, () -> undeliveredReason(undelivered, timeout, topicProblems), timeout);
    }

    /**
     * Why, for the report: how many never reached Kafka, how many the broker may have, and which of
     * their topics the pool could not send to (missing, say) when it stopped.
     */
    static String undeliveredReason(List<Undelivered> undelivered, Duration timeout, List<TopicProblem> topicProblems) {
        long maybe = undelivered.stream().filter(Undelivered::mayHaveBeenDelivered).count();
        String why = "the pool stopped before the broker acknowledged them (shutdown timeout " + timeout + ")";
        if (maybe > 0) {
            why += "; " + maybe + " of them had reached the Kafka producer, so the broker may have them: publishing "
                    + "those again can duplicate them";
        }
        if (topicProblems.isEmpty()) {
            return why;
        }
        java.util.Set<String> topics = new java.util.HashSet<>();
        undelivered.forEach((record) -> topics.add(record.pending().message().topic()));
        List<String> blocked = topicProblems.stream()
            .filter((problem) -> topics.contains(problem.topic()))
            .map((problem) -> LogSafe.text(problem.topic()) + " " + problem.kind().description())
            .toList();
        if (!blocked.isEmpty()) {
            int shown = Math.min(blocked.size(), MAX_TOPICS_NAMED);
            why += "; they waited for topics the pool could not send to: " + String.join(", ", blocked.subList(0, shown))
                    + ((blocked.size() > shown) ? " and " + (blocked.size() - shown) + " more" : "");
        }
        return why;
    }

    private void stopWorkers(DeliveryLane[] lanes, long deadline) {
        long until = Math.max(deadline, System.nanoTime() + MARGIN.toNanos() / 2);
        for (DeliveryLane lane : lanes) {
            lane.stopWorker(Math.max(0, until - System.nanoTime()));
        }
    }

    /**
     * Closes the producers within what is left of the drain budget, on a thread of its own: Kafka's
     * {@code close} waits without limit for its sender thread, which a caller's completion stage
     * could hold. What the producers still hold fails with "may have been delivered".
     */
    private Thread closeProducers(List<Producer<byte[], byte[]>> closing, long deadline) {
        Thread closer = new Thread(() -> {
            for (Producer<byte[], byte[]> producer : closing) {
                try {
                    producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
                catch (RuntimeException ex) {
                    logger.warn("{} - Closing a producer failed: {}", this.label, DeliveryErrors.describe(ex));
                }
            }
        }, this.label + "-closer");
        closer.setDaemon(true);
        closer.start();
        BoundedWait.join(closer, Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime()))
                + MARGIN.toMillis() / 2));
        if (closer.isAlive()) {
            logger.error("{} - A Kafka producer did not close within the shutdown timeout (failing what it still holds "
                    + "takes time: a large backlog, or what a broker that does not answer left it; or a completion stage "
                    + "blocks a Kafka producer thread); shutdown goes on without it, and what it fails later is "
                    + "reported then", this.label);
        }
        return closer;
    }

    private void collect(DeliveryLane[] lanes, List<Undelivered> undelivered, Journal journal) {
        for (DeliveryLane lane : lanes) {
            if (lane.abandon((late) -> reportLate(lane, late, journal))) {
                // its count is the worker's to give: a record in its hand is in no queue shutdown can see
                logger.error("{} - Worker of {} did not stop in time (is it blocked in the Kafka producer, or without a "
                        + "core?); what it holds is reported when it does", this.label, lane);
                continue;
            }
            lane.drainRemaining(undelivered::add);
        }
    }

    /**
     * Where records a producer answers for after the report go (a producer that did not close in time fails what it
     * held when it does): kept in {@code journal}, whose directory is read now, before it closes; or handed to the
     * undelivered-message handler.
     */
    Consumer<List<Undelivered>> lateAnswers(Journal journal) {
        if (journal != null) {
            String directory = journal.settings().directory().toString();
            boolean shared = journal.stats().sharedDirectory();
            return (late) -> {
                late.sort((a, b) -> PendingMessage.ADMISSION_ORDER.compare(a.pending(), b.pending()));
                this.outcomes.kept(late, directory, shared);
            };
        }
        return (late) -> handOver(late, null, () -> "a Kafka producer that had not closed within the shutdown timeout "
                + "answered for them after the pool had stopped", MARGIN);
    }

    /** What a worker that outlived shutdown still held, reported when it exits at last. */
    private void reportLate(DeliveryLane lane, List<Undelivered> late, Journal journal) {
        if (late.isEmpty()) {
            return;
        }
        handOver(late, journal, () -> "the pool stopped while the worker of " + lane
                + " was blocked; it exited after the shutdown timeout", MARGIN);
    }

    /**
     * Hands {@code undelivered}, in admission order, to the journal's report (they stay in it for
     * the next start) or, without a journal, to the undelivered-message handler with {@code why},
     * waiting for it {@code handlerTimeout} at most (a second at least).
     */
    private void handOver(List<Undelivered> undelivered, Journal journal, Supplier<String> why,
            Duration handlerTimeout) {
        undelivered.sort((a, b) -> PendingMessage.ADMISSION_ORDER.compare(a.pending(), b.pending()));
        if (journal != null) {
            this.outcomes.kept(undelivered, journal.settings().directory().toString(), journal.stats().sharedDirectory());
        }
        else {
            this.outcomes.undelivered(undelivered, why.get(), handlerTimeout);
        }
    }

}
