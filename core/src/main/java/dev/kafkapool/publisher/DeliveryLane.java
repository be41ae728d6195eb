package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * One worker thread and the records routed to it. Records with the same key always land in the
 * same lane, and a lane hands them to the producer in admission order, so per-key order holds.
 *
 * <p>A failing record holds back only what must keep its order behind it, never other topics or
 * keys:
 * <ul>
 * <li>a topic the producer has no metadata for (it does not exist, is not authorized, or the
 * cluster has not answered) parks that topic's records in a {@link TopicWait} ({@link TopicWaits}),
 * probed with growing pauses; a topic the cluster says is missing fails its records after
 * {@code missing-topic-timeout};</li>
 * <li>a record that fails inside the producer (delivery timeout) is held with the newer records of
 * its key ({@link HeldRecords}) and sent again after the retry interval;</li>
 * <li>a full producer buffer, or a connection the cluster refuses, pauses the lane: nothing could
 * be sent anyway.</li>
 * </ul>
 * The producer is configured never to block ({@code max.block.ms=0}), so the worker never waits
 * inside {@code send}: it parks only when it has nothing to do.
 *
 * <p>If the worker dies (an {@code Error}, a bug), the record it held is kept, the failure is
 * logged and counted, and a new thread takes over the lane; a record that kills the worker three
 * times fails instead.
 */
final class DeliveryLane implements Runnable {

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** First pause before a lane tries again when the producer's buffer is full. */
    private static final long ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Longest pause between two attempts on a full producer buffer. */
    private static final long MAX_ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

    /** Records taken per step before timers and returned failures are looked at again. */
    private static final int BATCH = 256;

    private static final int CRASHES_PER_RECORD = 3;

    private static final int MAX_REMEMBERED_TOPICS = 1000;

    /** How often a lane moving to a new producer looks whether the old one has answered everything. */
    private static final long SWITCH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int index;

    private final LaneSettings settings;

    private final LaneOutcomes outcomes;

    private final LaneQueue inbound = new LaneQueue();

    /** Records that failed inside the producer, handed back by producer threads. */
    private final ConcurrentLinkedQueue<PendingMessage> returned = new ConcurrentLinkedQueue<>();

    /**
     * Keys of returned records, marked by the producer thread before the record is returned, so
     * that the worker holds the key's next record even if it has not absorbed the return yet.
     */
    private final Map<OrderKey, Boolean> failingKeys = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Topics the lane has delivered to (at most {@link #MAX_REMEMBERED_TOPICS}): a new producer
     * learns their metadata before the lane moves to it, so that a reconnect does not stall sends.
     */
    private final Set<String> deliveredTopics = ConcurrentHashMap.newKeySet();

    /**
     * The topic of the last delivery this lane heard of; only a shortcut past the set, so a stale
     * value read by another producer thread costs one lookup.
     */
    private String lastDeliveredTopic;

    /** {@link TopicProblems#generation()} at the last look; a shortcut as {@link #lastDeliveredTopic} is. */
    private int problemsSeen;

    private volatile Producer<byte[], byte[]> producer;

    /** A move to a new producer, carried out as soon as the current one holds nothing of the lane. */
    private final ProducerSwitch producerSwitch = new ProducerSwitch();

    /**
     * Whether the producer the lane is moving away from was given up (the brokers refuse its certificate): whatever
     * it answers with a failure comes back to the lane for the new producer. Reset once the lane has moved.
     */
    private volatile boolean abandoning;

    private volatile Thread worker;

    /**
     * Whether the lane's last worker has exited with no successor; guarded by {@code this}. A
     * thread's own liveness would not do: a crashed worker's successor is not alive for a moment
     * after it is made.
     */
    private boolean exited = true;

    /** Who reports what the lane holds when its worker exits after shutdown gave up on it; guarded by {@code this}. */
    private Consumer<List<Undelivered>> lateReport;

    private volatile boolean idle;

    /** Whether shutdown has collected what the lane holds; a lane is not used again after that. */
    private volatile boolean drained;

    /**
     * Whether shutdown stopped the lane's worker. For good: a pool that starts again makes lanes of its
     * own, and a worker shutdown gave up on (blocked in {@code send}) must not take the pool's new run for
     * its own when it comes back; it reports what it holds and exits.
     */
    private volatile boolean stopped;

    /** Whether a record waits in the worker's hand: the producer's buffer is full, or the lane is paused. */
    private volatile boolean stalled;

    /**
     * Pause before the next attempt on a full producer buffer: doubling from
     * {@link #ROOM_WAIT_NANOS} to {@link #MAX_ROOM_WAIT_NANOS} while the buffer stays full, since
     * each refused attempt costs Kafka an exception with its stack trace; worker thread only.
     */
    private long roomWaitNanos = ROOM_WAIT_NANOS;

    /**
     * Records in the worker's own structures, except those in topic waits (which count their own),
     * for {@link #queued()}.
     */
    private volatile int parked;

    /** The failure of the last worker, until its successor has made a step; {@code null} when healthy. */
    private volatile Throwable crash;

    private int generation;

    // Owned by the worker thread (and by shutdown once the worker has exited).

    private final AdmissionOrderQueue ready = new AdmissionOrderQueue();

    private final TopicWaits topicWaits;

    /** The pool's problem topics, which a delivery to one of them clears. */
    private final TopicProblems topicProblems;

    private final Map<OrderKey, HeldRecords> keyHolds = new HashMap<>();

    private final PriorityQueue<Wakeup> wakeups = new PriorityQueue<>(Wakeup.BY_DUE);

    private PendingMessage inHand;

    private long pausedUntil;

    private PendingMessage crashing;

    private int crashes;

    /**
     * Odd while the worker checks a record's key and hands it to the producer; written by the worker
     * only. A producer thread that marks a failing key waits for an odd value to pass.
     */
    private volatile long handOvers;

    /** Set by the producer's callback when it refuses a record inside {@code send()}. */
    private Exception refusal;

    DeliveryLane(int index, LaneSettings settings, LaneOutcomes outcomes, TopicProblems topicProblems,
            Producer<byte[], byte[]> producer) {
        this.index = index;
        this.settings = settings;
        this.outcomes = outcomes;
        this.producer = producer;
        this.topicProblems = topicProblems;
        this.topicWaits = new TopicWaits(settings, outcomes, topicProblems, this::schedule, (released) -> {
            // ready is ordered by admission: released records go before anything newer
            this.ready.add(released);
            this.parked++;
        });
    }

    /** Queues an admitted record; any thread. */
    void offer(PendingMessage pending) {
        this.inbound.offer(pending);
        if (this.idle) {
            LockSupport.unpark(this.worker);
        }
    }

    void start() {
        synchronized (this) {
            this.exited = false;
        }
        startWorker();
    }

    private void startWorker() {
        Thread thread = new Thread(this,
                this.settings.label() + "-worker-" + this.index + ((this.generation > 0) ? "." + this.generation : ""));
        this.generation++;
        thread.setDaemon(true);
        this.worker = thread;
        thread.start();
    }

    int queued() {
        // the waits first: a release counts a record in parked before it leaves the waits
        int waiting = this.topicWaits.held();
        return this.inbound.size() + this.returned.size() + waiting + this.parked + (this.stalled ? 1 : 0);
    }

    int inFlight() {
        return this.inFlight.get();
    }

    /** The producer the lane sends with now. */
    Producer<byte[], byte[]> producer() {
        return this.producer;
    }

    /** Whether a worker runs the lane (or a crashed one's successor is about to). */
    synchronized boolean isAlive() {
        return !this.exited;
    }

    /**
     * Shutdown could not wait for the worker any longer: when it exits, what the lane still holds
     * goes to {@code report}. {@code false} when it has exited already, and the caller drains.
     */
    synchronized boolean abandon(Consumer<List<Undelivered>> report) {
        if (this.exited) {
            return false;
        }
        this.lateReport = report;
        return true;
    }

    /** Why the last worker died, while its successor has not yet made a step; else {@code null}. */
    Throwable crash() {
        return this.crash;
    }

    @Override
    public void run() {
        boolean succeeded = false;
        try {
            while (delivers()) {
                // nobody interrupts a worker (shutdown unparks it): a flag left by a caller's completion stage,
                // which runs here for a failure the worker decides, would make every park return at once, and
                // a producer whose buffer is full refuse the next send as interrupted
                Thread.interrupted();
                long now = System.nanoTime();
                if (!step(now)) {
                    park(now);
                }
                this.crash = null;
            }
        }
        catch (Throwable failure) {
            succeeded = crashed(failure);
        }
        finally {
            if (!succeeded) {
                exit();
            }
        }
    }

    /** The lane's last worker exits; reports what it holds if shutdown has given up waiting for it. */
    private void exit() {
        Consumer<List<Undelivered>> report;
        synchronized (this) {
            this.exited = true;
            report = this.lateReport;
            this.lateReport = null;
        }
        if (report != null) {
            List<Undelivered> remaining = new ArrayList<>();
            drainRemaining(remaining::add);
            report.accept(remaining);
        }
    }

    /** One round of work; {@code false} when there was nothing the worker could do. */
    private boolean step(long now) {
        boolean worked = absorbReturned(now);
        if (this.producerSwitch.isPending() && !moveToNextProducer(now)) {
            return worked;
        }
        if (this.inHand != null) {
            // routed again, not just re-sent: a failure of its key may have come in meanwhile
            if (this.pausedUntil - now > 0 || !route(this.inHand, now)) {
                return worked;
            }
            worked = true;
        }
        worked |= runDueWakeups(now);
        for (int taken = 0; taken < BATCH && this.inHand == null; taken++) {
            PendingMessage next = this.ready.poll();
            if (next != null) {
                this.parked--;
            }
            else {
                next = this.inbound.poll();
                if (next == null) {
                    break;
                }
            }
            worked = true;
            route(next, now);
        }
        return worked;
    }

    private void park(long now) {
        long wait = IDLE_PARK_NANOS;
        Wakeup next = this.wakeups.peek();
        if (next != null) {
            wait = Math.min(wait, Math.max(0, next.due - now));
        }
        boolean switching = this.producerSwitch.isPending();
        if (switching) {
            wait = Math.min(wait, SWITCH_POLL_NANOS);
        }
        // A record in hand waits (for buffer room, or a retry pause) and is the next to go: records
        // queued behind it cannot be sent before it, so neither they nor new ones wake the worker.
        boolean waitsInHand = this.inHand != null;
        if (waitsInHand) {
            wait = Math.min(wait, (this.pausedUntil - now > 0) ? this.pausedUntil - now : this.roomWaitNanos);
        }
        this.idle = !waitsInHand;
        // while it moves to a new producer the lane can send nothing, whatever waits: it sleeps
        // between looks rather than spin beside the old producer's sender thread
        boolean nothingToDo = switching
                || ((waitsInHand || this.inbound.isEmpty()) && this.returned.isEmpty());
        if (nothingToDo && delivers() && wait > 0) {
            LockSupport.parkNanos(this, wait);
        }
        this.idle = false;
    }

    /**
     * Sends {@code pending} unless an earlier record of its topic or key waits; {@code false} when
     * it stays in hand because the lane must wait (see {@link #send}).
     *
     * <p>The check of its key and the hand-over form one step that a producer thread reporting a
     * failure of that key waits for ({@link #handOvers}): so every record of the key that the
     * producer takes after that report has returned is held behind the failed one.
     */
    private boolean route(PendingMessage pending, long now) {
        // in hand until it is placed, so that a worker that dies here loses nothing
        this.inHand = pending;
        KafkaMessage message = pending.load();
        TopicWait wait = this.topicWaits.of(message.topic());
        if (wait != null) {
            placed();
            this.topicWaits.join(wait, pending, now);
            return true;
        }
        this.handOvers++;
        try {
            if (message.key() != null) {
                if (!this.failingKeys.isEmpty() && this.failingKeys.containsKey(OrderKey.of(message))) {
                    absorbReturned(now);
                }
                if (!this.keyHolds.isEmpty()) {
                    HeldRecords hold = this.keyHolds.get(OrderKey.of(message));
                    if (hold != null) {
                        pending.unload();
                        hold.records.add(pending);
                        this.parked++;
                        placed();
                        return true;
                    }
                }
            }
            return send(pending);
        }
        finally {
            this.handOvers++;
        }
    }

    /**
     * Hands {@code pending} to the producer. {@code false} when the lane must wait before it can
     * send anything (the record stays in hand): the producer's buffer is full, or the cluster
     * refuses the connection.
     */
    private boolean send(PendingMessage pending) {
        this.inHand = pending;
        pending.countAttempt();
        this.inFlight.incrementAndGet();
        this.refusal = null;
        try {
            this.producer.send(pending.toRecord(), (metadata, failure) -> sendCompleted(pending, metadata, failure));
        }
        catch (KafkaException ex) {
            // thrown rather than passed to the callback: the producer is closing or was interrupted
            notInFlight();
            this.refusal = ex;
        }
        catch (IllegalStateException ex) {
            notInFlight();
            if (!isClosedProducer(ex)) {
                throw ex;
            }
            this.refusal = ex;
        }
        catch (RuntimeException | Error ex) {
            notInFlight();
            throw ex;
        }
        Exception refused = this.refusal;
        if (refused == null) {
            pending.taken();
            // the producer has its own copy now; a payload the journal holds need not stay
            pending.unload();
            placed();
            return true;
        }
        this.refusal = null;
        return refused(pending, refused);
    }

    /** The record in hand has a place now (the producer, a wait, a hold, or its outcome). */
    private void placed() {
        this.inHand = null;
        if (this.stalled) {
            this.stalled = false;
            this.roomWaitNanos = ROOM_WAIT_NANOS;
        }
    }

    /** How Kafka's producer refuses work once closed. */
    private static boolean isClosedProducer(IllegalStateException failure) {
        String message = failure.getMessage();
        return message != null && message.contains("producer has been closed");
    }

    /** The producer did not take {@code pending}; decides what happens to it. */
    private boolean refused(PendingMessage pending, Exception failure) {
        long now = System.nanoTime();
        if (failure instanceof BufferExhaustedException) {
            if (this.stalled) {
                this.roomWaitNanos = Math.min(MAX_ROOM_WAIT_NANOS, this.roomWaitNanos * 2);
            }
            pending.uncountAttempt();
            this.stalled = true;
            // tried again after the pause, not on every round: each refusal costs Kafka an exception
            this.pausedUntil = now + this.roomWaitNanos;
            return false;
        }
        if (failure instanceof TimeoutException || failure instanceof TopicAuthorizationException) {
            // With max.block.ms=0 a timeout inside send() means: no metadata for the topic yet.
            pending.uncountAttempt();
            placed();
            this.topicWaits.refused(pending, failure, now);
            return true;
        }
        if (!delivers()) {
            this.stalled = true;
            return false;
        }
        if (DeliveryErrors.isRetriable(failure) || !(failure instanceof ApiException)) {
            // The cluster refuses the connection (TLS), or the producer is unusable: nothing else
            // would get through either. Keep the record and pause the lane.
            this.outcomes.retrying(pending, failure);
            this.pausedUntil = now + this.settings.retryIntervalNanos();
            this.stalled = true;
            return false;
        }
        placed();
        this.outcomes.failed(pending, DeliveryErrors.describe(failure), failure);
        return true;
    }

    /**
     * The record in hand is not in flight after {@code send} threw: unless the producer called back
     * with a refusal first, which counted it out already (a producer may call back and then throw).
     */
    private void notInFlight() {
        if (this.refusal == null) {
            this.inFlight.decrementAndGet();
        }
    }

    /** The producer's answer; on a producer thread, or on the worker when refused inside send(). */
    void sendCompleted(PendingMessage pending, RecordMetadata metadata, Exception failure) {
        if (failure == null) {
            this.inFlight.decrementAndGet();
            this.outcomes.delivered(pending, metadata);
            String topic = metadata.topic();
            // The producer hands each answer a topic name of its own, whose hash is computed
            // afresh: the set and the problem topics are looked up only when the topic differs
            // from the last one's, or a topic became a problem since the last look (a topic
            // created after its records failed is cleared by its first delivery).
            boolean otherTopic = !topic.equals(this.lastDeliveredTopic);
            int problems = this.topicProblems.generation();
            if (otherTopic || problems != this.problemsSeen) {
                this.problemsSeen = problems;
                this.topicProblems.delivered(topic);
            }
            if (otherTopic) {
                this.lastDeliveredTopic = topic;
                if (!this.deliveredTopics.contains(topic) && this.deliveredTopics.size() < MAX_REMEMBERED_TOPICS) {
                    this.deliveredTopics.add(topic);
                }
            }
        }
        else if (Thread.currentThread() == this.worker && pending == this.inHand) {
            this.inFlight.decrementAndGet();
            this.refusal = failure;
            return;
        }
        else if ((DeliveryErrors.isRetriable(failure) || this.abandoning) && delivers()) {
            OrderKey key;
            try {
                this.outcomes.retrying(pending, failure);
                key = pending.orderKey();
            }
            catch (RuntimeException | InternalError ex) {
                this.inFlight.decrementAndGet();
                unreadable(pending, ex);
                return;
            }
            if (key != null) {
                this.failingKeys.put(key, Boolean.TRUE);
                awaitHandOver();
            }
            this.returned.add(pending);
            if (this.drained && this.returned.remove(pending)) {
                // the pool stopped and collected this lane while the answer was on its way (the
                // failure listener took its time): nothing reads the lane any more, so report it
                this.inFlight.decrementAndGet();
                this.outcomes.unanswered(pending, "the broker answered that it should be sent again, after the pool had "
                        + "collected what it held", failure);
                return;
            }
            // only once it is back in the lane: a lane moving to a new producer waits for zero,
            // and must find every returned record before it sends anything on the new one
            this.inFlight.decrementAndGet();
            if (this.idle) {
                LockSupport.unpark(this.worker);
            }
        }
        else {
            this.inFlight.decrementAndGet();
            if (delivers()) {
                this.outcomes.failed(pending, DeliveryErrors.describe(failure), failure);
            }
            else {
                this.outcomes.unanswered(pending, null, failure);
            }
        }
        // A worker stalled on a full producer buffer is not woken here: the producer frees a
        // batch's memory only after every callback of the batch has run, so a worker woken by the
        // first one met a full buffer again, and each attempt cost Kafka a BufferExhaustedException
        // with its stack trace (about 300 bytes and microseconds per record in profiles). It tries
        // again after roomWaitNanos; the producer still holds a full buffer to send meanwhile.
    }

    /**
     * A record to send again that the journal cannot give back (an I/O error reading its segment,
     * which the JVM reports as an {@link InternalError}): it fails, and the lane goes on.
     */
    private void unreadable(PendingMessage pending, Throwable failure) {
        this.outcomes.failed(pending, "it cannot be read back from the journal: " + DeliveryErrors.describe(failure),
                failure);
    }

    /** Waits (briefly: sends never block) until a hand-over in progress when a key was marked is done. */
    private void awaitHandOver() {
        long seen = this.handOvers;
        if ((seen & 1) != 0) {
            while (this.handOvers == seen && Thread.currentThread() != this.worker) {
                Thread.onSpinWait();
            }
        }
    }

    /** Holds records that failed inside the producer, with the newer records of their key. */
    private boolean absorbReturned(long now) {
        boolean any = false;
        for (PendingMessage pending; (pending = this.returned.poll()) != null;) {
            any = true;
            OrderKey key;
            try {
                key = pending.orderKey();
            }
            catch (RuntimeException | InternalError ex) {
                unreadable(pending, ex);
                continue;
            }
            this.parked++;
            if (key == null) {
                HeldRecords alone = new HeldRecords(null, null);
                alone.records.add(pending);
                schedule(alone, now + this.settings.retryIntervalNanos());
                continue;
            }
            this.failingKeys.remove(key);
            HeldRecords hold = this.keyHolds.get(key);
            if (hold == null) {
                hold = new HeldRecords(key, null);
                this.keyHolds.put(key, hold);
                schedule(hold, now + this.settings.retryIntervalNanos());
            }
            hold.records.add(pending);
        }
        return any;
    }

    private boolean runDueWakeups(long now) {
        boolean any = false;
        for (Wakeup next; (next = this.wakeups.peek()) != null && next.due - now <= 0;) {
            this.wakeups.poll();
            if (!next.active) {
                continue;
            }
            any = true;
            if (next instanceof TopicWait wait) {
                this.topicWaits.probe(wait, this.producer, now);
            }
            else if (next instanceof HeldRecords hold) {
                hold.active = false;
                if (hold.key != null) {
                    this.keyHolds.remove(hold.key);
                }
                // ready is ordered by admission: released records go before anything newer
                this.ready.addAll(hold.records);
            }
        }
        return any;
    }

    private void schedule(Wakeup wakeup, long due) {
        wakeup.due = due;
        this.wakeups.add(wakeup);
    }

    /**
     * The worker died: keep its record, count it, and let a new thread take over.
     * @return whether a successor was started
     */
    private boolean crashed(Throwable failure) {
        this.crash = failure;
        PendingMessage kept = this.inHand;
        if (kept != null) {
            if (kept == this.crashing) {
                this.crashes++;
            }
            else {
                this.crashing = kept;
                this.crashes = 1;
            }
        }
        boolean giveUp = kept != null && this.crashes >= CRASHES_PER_RECORD;
        this.outcomes.workerCrashed(Thread.currentThread().getName(), failure, kept != null && !giveUp);
        if (giveUp) {
            placed();
            this.crashing = null;
            this.outcomes.failed(kept, "sending it made the worker fail " + CRASHES_PER_RECORD + " times: "
                    + DeliveryErrors.describe(failure), failure);
        }
        if (delivers()) {
            try {
                startWorker();
                return true;
            }
            catch (Throwable ex) {
                // no thread to be had (out of memory?): health reports the missing worker
            }
        }
        return false;
    }

    /** Whether the lane delivers: the pool does, and shutdown has not stopped this lane. */
    private boolean delivers() {
        return !this.stopped && this.settings.state().delivers();
    }

    /** Stops the worker for good, wakes it so that it sees it, and waits up to {@code nanos} for it to exit. */
    boolean stopWorker(long nanos) {
        this.stopped = true;
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        while (isAlive() && deadline - System.nanoTime() > 0) {
            Thread thread = this.worker;
            LockSupport.unpark(thread);
            try {
                thread.join(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            }
            catch (InterruptedException ex) {
                // the shutdown's bound, not the caller's interrupt, ends the wait; the flag is kept for the caller
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !isAlive();
    }

    /**
     * Everything still waiting in this lane, for the shutdown report, each with why it was not
     * delivered. Call only once the worker has exited.
     */
    void drainRemaining(Consumer<Undelivered> target) {
        // before returned is read: an answer that comes back later sees it and reports its record itself
        this.drained = true;
        if (this.inHand != null) {
            target.accept(Undelivered.held(this.inHand, "it was being handed to Kafka", null));
            placed();
        }
        this.topicWaits.drainTo(target);
        for (Wakeup wakeup : this.wakeups) {
            if (wakeup instanceof HeldRecords hold && hold.active) {
                for (PendingMessage pending : hold.records) {
                    target.accept(Undelivered.held(pending, "it waited to be sent again after a failed attempt",
                            hold.cause));
                }
                hold.records.clear();
            }
        }
        this.wakeups.clear();
        this.keyHolds.clear();
        this.failingKeys.clear();
        for (PendingMessage pending; (pending = this.ready.poll()) != null;) {
            target.accept(Undelivered.held(pending, "it waited to be sent again", null));
        }
        for (PendingMessage pending; (pending = this.returned.poll()) != null;) {
            target.accept(Undelivered.held(pending, "an attempt failed and the pool stopped before the next",
                    null));
        }
        this.inbound.drainTo((pending) -> target
            .accept(Undelivered.held(pending, "never handed to Kafka", null)));
        this.parked = 0;
    }

    /** Whether the lane has been told to move to a new producer and has not yet; any thread. */
    boolean isSwitching() {
        return this.producerSwitch.isPending();
    }

    /** The producer the lane sends with, or is moving away from; any thread. */
    Producer<byte[], byte[]> currentProducer() {
        return this.producer;
    }

    /**
     * While the lane moves, gives up the producer it is moving away from: each record it still holds and answers
     * with a failure (it is about to be closed forcefully) comes back to the lane and goes to the new producer.
     */
    void abandonCurrentProducer() {
        if (this.producerSwitch.isPending()) {
            this.abandoning = true;
        }
    }

    /** Topics the lane has delivered to; any thread. */
    Set<String> deliveredTopics() {
        return this.deliveredTopics;
    }

    /**
     * Moves the lane to {@code next} (a reconnect: new certificate). The lane sends nothing more
     * until the current producer has answered every record it took from the lane; records that come
     * back for another attempt rejoin the lane in their order; then everything, those first, goes
     * to {@code next}. So per-key order holds across producers, and no record is in two at once.
     * Asked again before the lane has moved, the newer producer wins.
     * @return completed once the lane no longer uses the producer it had (any thread may wait)
     */
    CompletableFuture<Void> switchTo(Producer<byte[], byte[]> next) {
        CompletableFuture<Void> done = this.producerSwitch.request(next);
        LockSupport.unpark(this.worker);
        return done;
    }

    /** Worker: moves to the next producer if the current one holds nothing of the lane any more. */
    private boolean moveToNextProducer(long now) {
        if (this.inFlight.get() > 0) {
            return false;
        }
        // returned records are added before inFlight drops: all of them are here now
        absorbReturned(now);
        this.producerSwitch.complete((next) -> this.producer = next);
        this.abandoning = false;
        return true;
    }

    @Override
    public String toString() {
        return "lane-" + this.index;
    }

}
