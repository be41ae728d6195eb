package dev.kafkapool.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every message's outcome is decided and accounted, whichever thread learns it: the broker
 * acknowledged it, it failed for good, or a retriable failure sends it round again. Settling a
 * message happens exactly once ({@link PendingMessage#settle()}): its room goes back to the
 * budget, its counter and meter move, the caller's future completes. Lanes report here and never
 * call the pool.
 */
final class DeliveryOutcomes implements LaneOutcomes {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    /** Who a record is, when it cannot be read back from the journal. */
    private static final String UNREADABLE = "A record that cannot be read back from the journal";

    private final String label;

    private final Supplier<String> brokers;

    private final AdmissionBudget budget;

    private final PublisherMetricsTracker metrics;

    private final DeliveryFailureListener failureListener;

    private final UndeliveredMessageHandler undeliveredHandler;

    /** Records whose producer closed before the broker answered, collected for the shutdown report. */
    private final ConcurrentLinkedQueue<Undelivered> unanswered = new ConcurrentLinkedQueue<>();

    /** Whether the shutdown report was made: later answers are reported in batches, to {@link #lateReport}. */
    private volatile boolean reported;

    /** Answers that came after the shutdown report, waiting for {@link #reportLate}. */
    private final ConcurrentLinkedQueue<Undelivered> late = new ConcurrentLinkedQueue<>();

    /** Whether a thread is reporting {@link #late}, or about to. */
    private final AtomicBoolean lateReporting = new AtomicBoolean();

    /** Held while a batch of late answers is reported, from taking it off the queue until its handler returns. */
    private final Object lateLock = new Object();

    /** Records reported late since the last shutdown report; guarded by {@link #lateLock}. */
    private long lateReported;

    /** Where the late answers of the last shutdown go: its journal, or the undelivered-message handler. */
    private volatile Consumer<List<Undelivered>> lateReport;

    private final LongAdder published = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder retried = new LongAdder();

    private final LongAdder workerRestarts = new LongAdder();

    private final ThrottledLog retryLog = new ThrottledLog(5);

    /** 20 failures named a second; the others counted in a line at the second's end (a grader's 12 went unsaid). */
    private final ThrottledLog failureLog;

    private final ThrottledLog crashLog;

    private volatile LastFailure lastFailure;

    /**
     * The most recent retriable one: kept apart so that a record failing for good meanwhile (a
     * missing topic's, say) does not hide that deliveries are still being retried.
     */
    private volatile LastFailure lastRetriableFailure;

    /** When {@link #lastRetriableFailure} was noted, on the monotonic clock that {@link #lastDeliveryNanos} uses. */
    private volatile long lastRetriableFailureNanos;

    /** How stale {@link #lastDelivery()} may be. */
    private static final long LAST_DELIVERY_RESOLUTION_NANOS = 1_000_000;

    private volatile long lastDeliveryNanos;

    private volatile boolean anyDelivery;

    /** Least time the undelivered-message handler is given to take a report. */
    private static final Duration MIN_HANDLER_TIMEOUT = Duration.ofSeconds(1);

    /** How long the report of late answers waits for more of them before it is made. */
    private static final long LATE_GATHERING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    DeliveryOutcomes(PublisherConfig config, Supplier<String> brokers, AdmissionBudget budget,
            PublisherMetricsTracker metrics, DeliveryFailureListener failureListener,
            UndeliveredMessageHandler undeliveredHandler) {
        this.label = config.label();
        String label = this.label;
        this.failureLog = new ThrottledLog(20, (count) -> logger.error("{} - {} more message(s) failed for good in the "
                + "last second and are not named in the log (each caller's future fails with its reason; health's "
                + "failed count and kafka_publisher_failed_total count them)", label, count));
        this.crashLog = new ThrottledLog(5, (count) -> logger.error("{} - {} more worker failure(s) in the last second "
                + "are not logged one by one (kafka_publisher_worker_restarts_total counts them)", label, count));
        this.brokers = brokers;
        this.budget = budget;
        this.metrics = metrics;
        this.failureListener = failureListener;
        this.undeliveredHandler = undeliveredHandler;
    }

    /** A new run of the pool (start after stop): collect again. */
    void restart() {
        this.reported = false;
    }

    @Override
    public void delivered(PendingMessage pending, RecordMetadata metadata) {
        if (!pending.settle()) {
            return;
        }
        this.budget.release(1, pending.heldBytes());
        this.published.increment();
        long now = System.nanoTime();
        // written at most once a millisecond: a volatile write is a fence on the producer's busiest
        // thread, and the time is shown to the millisecond
        if (now - this.lastDeliveryNanos >= LAST_DELIVERY_RESOLUTION_NANOS || !this.anyDelivery) {
            this.lastDeliveryNanos = now;
            this.anyDelivery = true;
        }
        this.metrics.recordPublished(now - pending.admitted);
        pending.release();
        pending.succeed(new Delivery(metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp(),
                pending.attempts()));
        pending.forget();
    }

    /** A send failed retriably; the lane keeps the message and sends it again later. */
    @Override
    public void retrying(PendingMessage pending, Throwable failure) {
        this.retried.increment();
        this.metrics.recordRetried();
        KafkaMessage message = pending.message();
        noteFailure(message, failure, true);
        if (this.retryLog.tryAcquire()) {
            // no attempt yet: the producer could not take it (no metadata for the topic while the cluster does not answer)
            int attempts = pending.attempts();
            logger.warn("{} - Delivery to topic {} via {} {}, retrying: {}{}", this.label, LogSafe.text(message.topic()),
                    this.brokers.get(), (attempts == 0) ? "waits: not sent yet" : "failed (attempt " + attempts + ")",
                    DeliveryErrors.describe(failure), suppressed(this.retryLog.takeSuppressed(), "retries"));
        }
    }

    /**
     * The message fails for good.
     * @param why the reason, in words, naming the topic but never the value
     * @param failure the cause, or {@code null}
     */
    @Override
    public void failed(PendingMessage pending, String why, Throwable failure) {
        if (!pending.settle()) {
            return;
        }
        this.budget.release(1, pending.heldBytes());
        this.failed.increment();
        this.metrics.recordFailed();
        KafkaMessage message = readable(pending);
        String topic = (message != null) ? message.topic() : null;
        if (failure != null && message != null) {
            noteFailure(message, failure, false);
        }
        else {
            // no exception from the producer (a missing topic's timeout, say), or no message: health's
            // lastError says why the latest record failed all the same
            this.lastFailure = new LastFailure(Instant.now(), topic, why, false);
        }
        String description = ((message != null) ? "Message to topic " + LogSafe.text(topic) + " with key "
                + LogSafe.text(message.keyAsString()) : UNREADABLE) + ((pending.attempts() == 0)
                        ? " failed without being sent" : " failed after " + pending.attempts() + " attempt(s)")
                + " and will not be retried: " + why;
        if (this.failureLog.tryAcquire()) {
            logger.error("{} - {}{}", this.label, description,
                    suppressed(this.failureLog.takeSuppressed(), "failures"));
        }
        DeliveryFailedException failedWith = new DeliveryFailedException(description, topic, pending.attempts(),
                failure);
        if (failure == null && message != null) {
            // the pool decided it (a topic missing past its timeout, not authorized): the listener is told
            // with the exception the caller's future gets
            tell(message, failedWith, false);
        }
        pending.fail(failedWith);
        pending.forget();
    }

    /**
     * The producer closed, at shutdown, before the broker answered for {@code pending}: the broker may
     * or may not have it. Collected for the shutdown report, or reported at once if that was made.
     */
    @Override
    public void unanswered(PendingMessage pending, String why, Throwable failure) {
        Undelivered item = new Undelivered(pending, Undelivered.MAYBE + ": "
                + ((why != null) ? why : "it was inside the Kafka producer, which closed before the broker answered"),
                failure);
        if (!this.reported) {
            this.unanswered.add(item);
            if (!this.reported || !this.unanswered.remove(item)) {
                return;
            }
        }
        this.late.add(item);
        if (this.lateReporting.compareAndSet(false, true)) {
            Thread reporter = new Thread(this::reportLate, this.label + "-late-answers");
            reporter.setDaemon(true);
            try {
                reporter.start();
            }
            catch (OutOfMemoryError | RuntimeException ex) {
                // no thread to be had: reported here, on the producer's thread, rather than not at all
                reportLate();
            }
        }
    }

    /**
     * Reports the answers that came after the shutdown report, in batches: a producer that did not close in time
     * fails what it held all at once when it does (100,000 records in a second or two), and each was an ERROR line
     * of its own that the undelivered-message handler never saw.
     */
    private void reportLate() {
        do {
            // let the rest of a burst come: a forced close fails every batch it holds in one go
            LockSupport.parkNanos(LATE_GATHERING_NANOS);
            reportLateNow();
            this.lateReporting.set(false);
        }
        while (!this.late.isEmpty() && this.lateReporting.compareAndSet(false, true));
    }

    /**
     * Reports the late answers that came so far, then reads {@code count}, with no late report under way between:
     * a report settles its records (their room goes back) before its handler has logged them.
     */
    LateAnswers afterLateReports(LongSupplier count) {
        synchronized (this.lateLock) {
            reportLateNow();
            return new LateAnswers(this.lateReported, count.getAsLong());
        }
    }

    /**
     * What came after the shutdown report, read together.
     * @param reported records reported late since the shutdown report (a producer that closed late failed them)
     * @param unanswered what {@link #afterLateReports}'s {@code count} read: records no one has answered for yet
     */
    record LateAnswers(long reported, long unanswered) {
    }

    /** Reports the late answers that came so far, on this thread; each is taken from the queue once. */
    private void reportLateNow() {
        synchronized (this.lateLock) {
            reportLateBatch();
        }
    }

    private void reportLateBatch() {
        List<Undelivered> batch = new ArrayList<>();
        for (Undelivered item; (item = this.late.poll()) != null;) {
            batch.add(item);
        }
        if (batch.isEmpty()) {
            return;
        }
        this.lateReported += batch.size();
        try {
            this.lateReport.accept(batch);
        }
        catch (RuntimeException | Error ex) {
            logger.error("{} - {} message(s) answered after the pool had stopped could not be reported: {}",
                    this.label, batch.size(), DeliveryErrors.describe(ex));
        }
    }

    /**
     * The unanswered records collected so far; later ones go to {@code lateReport} in batches, in the order they
     * were answered.
     */
    List<Undelivered> takeUnanswered(Consumer<List<Undelivered>> lateReport) {
        synchronized (this.lateLock) {
            this.lateReported = 0;
        }
        this.lateReport = lateReport;
        this.reported = true;
        List<Undelivered> taken = new ArrayList<>();
        for (Undelivered item; (item = this.unanswered.poll()) != null;) {
            taken.add(item);
        }
        return taken;
    }

    /**
     * Messages the pool gives up on at shutdown, each with its own reason: counted as failed, their
     * futures completed, and the list handed to the undelivered-message handler, once.
     */
    void undelivered(List<Undelivered> undelivered, String why, Duration handlerTimeout) {
        report(undelivered, why, true, (handlerTimeout.compareTo(MIN_HANDLER_TIMEOUT) > 0) ? handlerTimeout
                : MIN_HANDLER_TIMEOUT);
    }

    /**
     * Messages this process gives up on at shutdown that the journal keeps: their futures complete
     * saying so, their room goes back, and the next start delivers them. Not counted as failed.
     */
    void kept(List<Undelivered> undelivered, String journal, boolean shared) {
        // a directory another process writes too may lose them: the report must not promise their delivery
        String next = shared ? "another live process writes that directory too, so the next start may not find it"
                : "the next start delivers it";
        String tail = " (not acknowledged to this process, but kept in the journal at " + journal + ": " + next + ")";
        int count = settleEach(undelivered, (item, message) -> item.pending()
            .fail(new DeliveryFailedException(item.reason(), message.topic(), message.key(), tail,
                    item.pending().attempts(), item.cause())), false);
        if (count > 0 && shared) {
            logger.error("{} - {} message(s) were not delivered before the pool stopped; they are in the journal at {}, "
                    + "which another live process writes too: they may be lost", this.label, count, journal);
        }
        else if (count > 0) {
            logger.warn("{} - {} message(s) were not delivered before the pool stopped; the journal at {} keeps them "
                    + "and the next start delivers them", this.label, count, journal);
        }
    }

    /**
     * Settles each message not settled yet and gives its room back, then hands it to {@code outcome}.
     * @param failing whether the messages count as failed (and so one that cannot be read back does)
     * @return how many were settled here
     */
    private int settleEach(List<Undelivered> undelivered, BiConsumer<Undelivered, KafkaMessage> outcome,
            boolean failing) {
        int count = 0;
        for (Undelivered item : undelivered) {
            PendingMessage pending = item.pending();
            if (!pending.settle()) {
                continue;
            }
            this.budget.release(1, pending.heldBytes());
            count++;
            KafkaMessage message = readable(pending);
            if (message != null) {
                outcome.accept(item, message);
            }
            else {
                // nothing to report it with: its future says so, and the journal keeps what it can
                if (failing) {
                    this.failed.increment();
                    this.metrics.recordFailed();
                }
                pending.fail(new DeliveryFailedException(UNREADABLE + ": " + item.reason(), null, pending.attempts(),
                        item.cause()));
            }
        }
        return count;
    }

    /**
     * The message of {@code pending}; {@code null}, logged, when the journal cannot give back a
     * record whose payload waits there (an I/O error reading its segment, which the JVM reports as
     * an {@link InternalError}): the record is settled all the same, so that one unreadable
     * record stops neither its lane nor a shutdown.
     */
    private KafkaMessage readable(PendingMessage pending) {
        try {
            return pending.message();
        }
        catch (RuntimeException | InternalError ex) {
            logger.error("{} - A record cannot be read back from the journal ({}); it is settled without its content",
                    this.label, DeliveryErrors.describe(ex));
            return null;
        }
    }

    private void report(List<Undelivered> undelivered, String why, boolean toHandler, Duration handlerTimeout) {
        List<KafkaMessage> messages = new ArrayList<>(undelivered.size());
        List<Boolean> mayHaveBeenDelivered = new ArrayList<>(undelivered.size());
        String tail = " (" + why + ")";
        settleEach(undelivered, (item, message) -> {
            this.failed.increment();
            this.metrics.recordFailed();
            messages.add(message);
            mayHaveBeenDelivered.add(item.mayHaveBeenDelivered());
            item.pending()
                .fail(new DeliveryFailedException(item.reason(), message.topic(), message.key(), tail,
                        item.pending().attempts(), item.cause()));
        }, true);
        if (messages.isEmpty()) {
            return;
        }
        if (!toHandler) {
            logger.error("{} - {} message(s) {}: {}", this.label, messages.size(), why, undelivered.get(0).reason());
            return;
        }
        // on a thread of its own, waited for a bounded time: a handler that blocks (a full disk, a
        // remote store that does not answer) must not keep shutdown from ending
        Runnable handOver = () -> {
            try {
                this.undeliveredHandler.onUndelivered(this.label, messages, mayHaveBeenDelivered, why);
            }
            catch (RuntimeException | Error ex) {
                // an Error too: the shutdown that called it still closes the pool
                logger.error("{} - The undelivered-message handler failed; {} message(s) are lost: {}", this.label,
                        messages.size(), DeliveryErrors.describe(ex));
            }
        };
        Thread reporter = new Thread(handOver, this.label + "-undelivered");
        reporter.setDaemon(true);
        try {
            reporter.start();
        }
        catch (OutOfMemoryError | RuntimeException ex) {
            // no thread to be had: the report is given here, unbounded, rather than not at all
            handOver.run();
            return;
        }
        BoundedWait.join(reporter, handlerTimeout.toMillis());
        if (reporter.isAlive()) {
            logger.error("{} - The undelivered-message handler did not return within {}; shutdown goes on without it, "
                    + "and the {} message(s) it was given are lost unless it finishes before the JVM exits", this.label,
                    handlerTimeout, messages.size());
        }
    }

    /** A worker thread died; its lane starts another. */
    @Override
    public void workerCrashed(String worker, Throwable failure, boolean recordKept) {
        this.workerRestarts.increment();
        this.metrics.recordWorkerRestart();
        if (this.crashLog.tryAcquire()) {
            logger.error("{} - Worker {} died ({}); {}, and a new worker takes its place{}", this.label, worker,
                    DeliveryErrors.describe(failure),
                    recordKept ? "the message it was sending is kept" : "it held no message",
                    suppressed(this.crashLog.takeSuppressed(), "worker failures"), failure);
        }
    }

    private void noteFailure(KafkaMessage message, Throwable failure, boolean retriable) {
        LastFailure last = new LastFailure(Instant.now(), message.topic(), DeliveryErrors.describe(failure),
                retriable);
        this.lastFailure = last;
        if (retriable) {
            this.lastRetriableFailureNanos = System.nanoTime();
            this.lastRetriableFailure = last;
        }
        tell(message, failure, retriable);
    }

    private void tell(KafkaMessage message, Throwable failure, boolean retriable) {
        try {
            this.failureListener.onDeliveryFailure(message, failure, retriable);
        }
        catch (Throwable ex) {
            // an Error too (its stack overflowed, no thread or memory to be had): the listener only watches,
            // and the record it was told about is on its way to its outcome, which must not be cut short
            try {
                logger.warn("{} - A delivery failure listener failed: {}", this.label, DeliveryErrors.describe(ex));
            }
            catch (Throwable logging) {
                // nor by a log line the JVM has no memory for
            }
        }
    }

    long published() {
        return this.published.sum();
    }

    long failed() {
        return this.failed.sum();
    }

    long retried() {
        return this.retried.sum();
    }

    long workerRestarts() {
        return this.workerRestarts.sum();
    }

    LastFailure lastFailure() {
        return this.lastFailure;
    }

    LastFailure lastRetriableFailure() {
        return this.lastRetriableFailure;
    }

    /**
     * Whether a delivery attempt failed and was retried after the broker last acknowledged a message
     * (by more than {@link #lastDeliveryNanos}' resolution), both read on the monotonic clock: the
     * wall clock of {@link LastFailure#at()} may have been stepped (NTP, a resumed VM) since.
     */
    boolean retriedSinceLastDelivery() {
        if (this.lastRetriableFailure == null) {
            return false;
        }
        return !this.anyDelivery
                || this.lastRetriableFailureNanos - this.lastDeliveryNanos > LAST_DELIVERY_RESOLUTION_NANOS;
    }

    /** When the broker last acknowledged a message, or {@code null}. */
    Instant lastDelivery() {
        if (!this.anyDelivery) {
            return null;
        }
        return Instant.now().minusNanos(System.nanoTime() - this.lastDeliveryNanos);
    }

    private static String suppressed(long count, String what) {
        return (count > 0) ? " (" + count + " similar " + what + " not logged)" : "";
    }

}
