package dev.kafkapool.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.publisher.journal.Journal;
import dev.kafkapool.publisher.journal.JournalStats;

/**
 * The {@link KafkaPublisher}: {@code workers} delivery lanes behind a bounded, lock-free admission,
 * with a draining shutdown. This class is the pool's lifecycle and routing; {@link Admission}
 * decides what is taken ({@link JournalAdmission} writes it into the journal first, when there is
 * one), {@link PoolProducers} makes and lets go of the producers, {@link DeliveryLane} delivers,
 * {@link DeliveryOutcomes} settles, {@link ProducerHandover} moves the lanes to a new connection,
 * {@link PoolShutdown} carries out the steps of a stop.
 *
 * <p>Publishing never takes a lock and never waits for Kafka. {@link #start()} creates the
 * producers and workers; {@link #shutdown(Duration)} refuses new messages at once, lets every
 * publish call that found the pool open finish enqueueing, drains within the timeout, closes the
 * producers (on a thread of its own, so that a producer thread held by a caller's completion stage
 * cannot hang it), and reports each message it could not deliver, with why.
 */
public final class PooledKafkaPublisher implements KafkaPublisher, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    /** Most topics a log line names. */
    private static final int MAX_TOPICS_NAMED = 10;

    /** The longest shutdown budget taken: longer ones are this (the JVM's timers end at 292 years). */
    private static final Duration LONGEST_SHUTDOWN = Duration.ofDays(36_500);

    private final PublisherConfig config;

    private final MessageInterceptor interceptor;

    private final LaneSettings settings;

    private final AdmissionBudget budget;

    private final Admission admission;

    private final AdmissionTracker admissions = new AdmissionTracker();

    private final DeliveryOutcomes outcomes;

    private final TopicProblems topicProblems;

    private final PoolShutdown stopping;

    private volatile ConnectionProperties connection;

    /** Admission into the durable journal, or {@code null}; guarded by {@link #lifecycle} for opening and closing. */
    private volatile JournalAdmission journaled;

    /** Records replayed from the journal, over every start. */
    private final LongAdder replayed = new LongAdder();

    /** Whether the journal's records are being read back. */
    private volatile boolean replaying;

    /** Records replayed from the journal and not yet handed to a lane; guarded by {@link #preStart}. */
    private final List<Unstarted> replayedBacklog = new ArrayList<>();

    /** Serializes start and shutdown; publishing never takes it. */
    private final ReentrantLock lifecycle = new ReentrantLock();

    /** The producers the lanes send with; guarded by {@link #lifecycle}. */
    private final PoolProducers producers;

    /** Runs reconnects' hand-overs one after the other; guarded by {@link #lifecycle}, made at the first. */
    private ExecutorService handovers;

    /** The newest reconnect's handover, or {@code null}; written under {@link #lifecycle}. */
    private volatile ProducerHandover handover;

    /**
     * The connection the workers deliver with: the one they started with, then that of each
     * reconnect whose handover told them to move (a reconnect the brokers refuse never does). Set
     * by the handover itself, so that no reader sees a newer connection before the workers move.
     */
    private volatile ConnectionProperties inUse;

    /** Shuts the pool down if the JVM exits while it runs, or {@code null} without one; guarded by {@link #lifecycle}. */
    private final ExitHook exitHook;

    /** Messages admitted before {@link #start()}; guarded by itself. */
    private final List<Unstarted> preStart = new ArrayList<>();

    /** {@code null} until started. */
    private volatile DeliveryLane[] lanes;

    private PooledKafkaPublisher(Builder builder) {
        this.config = builder.config;
        this.connection = builder.connection;
        this.producers = new PoolProducers(this.config, builder.producerSupplier);
        this.interceptor = builder.interceptor;
        this.exitHook = builder.exitHook ? new ExitHook(this, this.config.label()) : null;
        if (this.config.enabled()) {
            // when the pool is made, before the journal opens and before a fail-fast check waits for
            // the brokers: the first line says what the pool was given, whatever happens next
            logger.info("{} - Starting: brokers={}, {}, topics={}, workers={} ({}), queue={} messages / {} bytes, "
                    + "retry every {}, missing topics fail after {}", this.config.label(),
                    this.connection.bootstrapServers(), this.connection.description(),
                    this.config.allowedTopics().isEmpty() ? "any" : this.config.allowedTopics(), this.config.workers(),
                    this.config.sharedProducer() ? "one shared producer" : "one producer each",
                    this.config.queueCapacity(), this.config.queueMaxBytes(), this.config.retryInterval(),
                    this.config.missingTopicTimeout());
        }
        this.settings = new LaneSettings(this.config);
        this.budget = new AdmissionBudget(this.config.queueCapacity(), this.config.queueMaxBytes());
        PublisherMetricsTracker metrics = GuardedMetricsTracker.of(builder.metrics, this.config.label());
        this.admission = new Admission(this.config, this.budget, metrics, this::stats);
        this.outcomes = new DeliveryOutcomes(this.config, () -> this.connection.bootstrapServers(), this.budget,
                metrics, builder.failureListener, builder.undeliveredHandler);
        this.topicProblems = new TopicProblems(this.config);
        this.stopping = new PoolShutdown(this.config.label(), this.budget, this.outcomes);
        // opened now, not at start: a second process on the directory fails as early as possible,
        // and messages admitted before start are journaled too; a disabled pool leaves it as it is
        this.journaled = (this.config.journal() != null && this.config.enabled()) ? openJournal() : null;
        if (this.config.journal() != null && !this.config.enabled()) {
            logger.warn("{} - Kafka is disabled ({}=false): the journal in {} is not opened; whatever records it "
                    + "holds wait there, undelivered, until a start with Kafka enabled", this.config.label(),
                    this.config.setting("enabled"), this.config.journal().directory());
        }
        // replayed now, before anything can be published: what the journal kept is older than
        // any message admitted before start, and its admission stamps must say so
        replay();
    }

    /** A builder for a pool with {@code config}; every collaborator has a default. */
    public static Builder builder(PublisherConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates the producers and starts the workers; messages admitted before are delivered now.
     * A stopped pool starts again with new producers (a context stopped and started, a checkpoint
     * restored); a running one is left alone.
     */
    public void start() {
        this.lifecycle.lock();
        try {
            PoolState state = this.settings.state();
            if (state == PoolState.RUNNING || state == PoolState.DRAINING) {
                return;
            }
            this.outcomes.restart();
            if (this.config.journal() != null && this.journaled == null && this.config.enabled()) {
                // a stopped pool starting again: nothing can have been admitted since it stopped
                this.journaled = openJournal();
                replay();
            }
            if (!this.config.enabled()) {
                logger.info("{} - Kafka is disabled ({}=false): no connection is made and every publish is "
                        + "rejected", this.config.label(), this.config.setting("enabled"));
                this.settings.state(PoolState.RUNNING);
                return;
            }
            DeliveryLane[] created = new DeliveryLane[this.config.workers()];
            List<Producer<byte[], byte[]>> made = this.producers.forStart(this.connection, created.length);
            for (int i = 0; i < created.length; i++) {
                created[i] = new DeliveryLane(i, this.settings, this.outcomes, this.topicProblems, made.get(i));
            }
            synchronized (this.preStart) {
                for (List<Unstarted> waiting : List.of(this.replayedBacklog, this.preStart)) {
                    for (Unstarted kept : waiting) {
                        laneFor(kept.key(), kept.pending().admitted, created).offer(kept.pending());
                    }
                    waiting.clear();
                }
                this.inUse = this.connection;
                this.lanes = created;
            }
            this.settings.state(PoolState.RUNNING);
            for (DeliveryLane lane : created) {
                lane.start();
            }
            if (this.exitHook != null) {
                this.exitHook.register();
            }
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    /**
     * Takes every record the journal holds from before (the records of a process that died, or of
     * a shutdown that ran out of time) in the order they were written, with admission stamps older
     * than anything admitted after; start hands them to their lanes ahead of everything else. A
     * disabled pool leaves them in the journal.
     */
    private void replay() {
        JournalAdmission current = this.journaled;
        if (current == null || !this.config.enabled()) {
            return;
        }
        long started = System.nanoTime();
        this.replaying = true;
        long count;
        Set<String> allowed = this.config.allowedTopics();
        Map<String, Long> notAllowed = new TreeMap<>();
        try {
            synchronized (this.preStart) {
                count = current.replay((pending, key) -> {
                    this.replayed.increment();
                    this.replayedBacklog.add(new Unstarted(pending, key));
                }, allowed.isEmpty() ? null : (topic) -> {
                    if (!allowed.contains(topic)) {
                        notAllowed.merge(topic, 1L, Long::sum);
                    }
                });
            }
        }
        finally {
            this.replaying = false;
        }
        if (count > 0) {
            logger.info("{} - Replayed {} record(s) from the journal in {} in {} ms; they are delivered first",
                    this.config.label(), count, this.config.journal().directory(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        if (!notAllowed.isEmpty()) {
            // accepted when their topic was allowed: delivered all the same, and said so
            List<String> shown = notAllowed.entrySet().stream().limit(MAX_TOPICS_NAMED)
                .map((entry) -> entry.getKey() + " (" + entry.getValue() + ")")
                .toList();
            logger.warn("{} - {} of the replayed records are for topics not in {} now: {}{}; they were accepted "
                    + "while their topic was, and are delivered as any other", this.config.label(),
                    notAllowed.values().stream().mapToLong(Long::longValue).sum(), this.config.setting("allowedTopics"),
                    String.join(", ", shown), (notAllowed.size() > shown.size())
                            ? " and " + (notAllowed.size() - shown.size()) + " more topics" : "");
        }
    }

    private JournalAdmission openJournal() {
        return new JournalAdmission(Journal.open(this.config.journal(), this.config.label()), this.admission,
                this.budget, this.config);
    }

    /**
     * A record waiting for start (replayed from the journal, or admitted before it), with the key
     * its lane is chosen by: kept, so that start need not read a payload the journal holds.
     */
    private record Unstarted(PendingMessage pending, byte[] key) {
    }

    /**
     * Moves the pool to {@code next} (a renewed certificate, say) without losing, duplicating or
     * reordering a record: new producers are made from it, and each lane moves to its new producer
     * once its old one has answered what it held from the lane (records that come back for another
     * attempt rejoin the lane in their order first); the old producers are closed when every lane
     * has moved. Returns at once. A pool not running takes {@code next} when it starts.
     * @throws org.apache.kafka.common.KafkaException when no producer can be made from {@code next};
     * the pool then goes on with its current producers
     */
    public void reconnect(ConnectionProperties next) {
        Objects.requireNonNull(next, "next");
        this.lifecycle.lock();
        try {
            DeliveryLane[] current = this.lanes;
            if (current == null || !this.config.enabled() || this.settings.state() != PoolState.RUNNING) {
                this.connection = next;
                return;
            }
            // throws when no producer can be made from next: the pool goes on as it was
            List<Producer<byte[], byte[]>> created = this.producers.forReconnect(next, current.length);
            this.connection = next;
            logger.info("{} - Reconnecting with {}: {} new producer(s); each worker moves to its new one when it knows "
                    + "the topics and the old one has answered what it holds", this.config.label(), next.description(),
                    this.config.sharedProducer() ? 1 : created.size());
            if (this.handover != null && this.handover.supersede()) {
                // the lanes never moved to the previous reconnect's producers: they stay where they are until this one
                this.producers.discard(this.handover.created());
            }
            List<Producer<byte[], byte[]>> old = this.producers.all();
            old.removeAll(created);
            // the lanes are gone (shutdown, or a restart made new ones): shutdown closed the producers
            ProducerHandover handover = new ProducerHandover(this.config.label(), List.of(current), created, old,
                    () -> this.lanes != current, this::release, this.config.shutdownTimeout(), this.config.allowedTopics(),
                    () -> this.inUse = next);
            this.handover = handover;
            if (this.handovers == null || this.handovers.isShutdown()) {
                this.handovers = Executors.newSingleThreadExecutor((task) -> {
                    Thread thread = new Thread(task, this.config.label() + "-handover");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            // one at a time, in order: lanes never move back to an older reconnect's producers
            this.handovers.execute(handover);
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    /**
     * How long the newest {@link #reconnect}'s producers have been trying to reach the brokers while the workers stay
     * on the previous ones ({@link Duration#ZERO} when none is: the workers moved or are moving). Milliseconds in a
     * rotation the brokers accept; it grows for as long as they refuse the new material.
     */
    public Duration reconnectWaiting() {
        ProducerHandover newest = this.handover;
        return (newest != null && this.lanes != null) ? newest.waiting() : Duration.ZERO;
    }

    /**
     * The connection the workers deliver with now: the newest one given ({@link #reconnect}) once
     * the workers were told to move to its producers; until then, while those have not reached the
     * brokers ({@link #reconnectWaiting}), the one the workers stay on. A pool not running: the
     * newest one. What a certificate expiry shown to operators must be read from.
     */
    public ConnectionProperties connectionInUse() {
        // without the lifecycle lock, which shutdown holds for its whole drain: a scrape must not wait for it
        ConnectionProperties delivering = this.inUse;
        return (this.lanes == null || delivering == null) ? this.connection : delivering;
    }

    /** Whether a worker has been told to move to a new producer and has not yet (a reconnect in progress). */
    boolean isSwitchingProducers() {
        DeliveryLane[] current = this.lanes;
        if (current != null) {
            for (DeliveryLane lane : current) {
                if (lane.isSwitching()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Takes replaced producers out of the pool's list: from now on the handover closes them, not shutdown. */
    private void release(List<Producer<byte[], byte[]>> replaced) {
        this.lifecycle.lock();
        try {
            this.producers.release(replaced);
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    /** Whether the pool is reading back the records the journal kept (readiness waits for it). */
    public boolean isReplaying() {
        return this.replaying;
    }

    /** The message the interceptor makes of {@code original}: never {@code null}. */
    private KafkaMessage intercepted(KafkaMessage original) {
        KafkaMessage message = this.interceptor.onPublish(original);
        if (message == null) {
            throw new NullPointerException("The MessageInterceptor returned null for a message to " + original.topic()
                    + ": it must return the message or a copy of it");
        }
        return message;
    }

    @Override
    public CompletableFuture<Delivery> publish(KafkaMessage original) {
        Objects.requireNonNull(original, "message");
        this.admission.requireOpen(this.settings.state(), original.topic(), 1);
        // the interceptor runs before the admission shutdown waits for: one that blocks cannot hold it up
        KafkaMessage message = intercepted(original);
        int slot = this.admissions.enter();
        try {
            this.admission.requireOpen(this.settings.state(), message.topic(), 1);
            long bytes = this.admission.check(message, 1);
            this.admission.takeRate(message);
            PendingMessage pending;
            JournalAdmission journaling = this.journaled;
            try {
                if (journaling == null) {
                    this.admission.acquire(message.topic(), 1, bytes);
                    pending = new PendingMessage(message, this.admission.stamps(1));
                }
                else {
                    pending = journaling.admit(message, bytes);
                }
            }
            catch (RuntimeException ex) {
                this.admission.giveBackRate(message);
                throw ex;
            }
            enqueue(pending, message.key());
            return pending;
        }
        finally {
            this.admissions.exit(slot);
        }
    }

    @Override
    public List<CompletableFuture<Delivery>> publishAll(List<KafkaMessage> originals) {
        if (Objects.requireNonNull(originals, "messages").isEmpty()) {
            return List.of();
        }
        int count = originals.size();
        for (int i = 0; i < count; i++) {
            if (originals.get(i) == null) {
                throw new NullPointerException("messages[" + i + "] is null");
            }
        }
        this.admission.requireOpen(this.settings.state(), originals);
        List<KafkaMessage> messages = new ArrayList<>(count);
        for (KafkaMessage original : originals) {
            messages.add(intercepted(original));
        }
        int slot = this.admissions.enter();
        try {
            this.admission.requireOpen(this.settings.state(), messages);
            long bytes = 0;
            for (KafkaMessage message : messages) {
                bytes += this.admission.check(message, count);
            }
            this.admission.takeRates(messages);
            List<PendingMessage> admitted;
            try {
                admitted = admitted(messages, bytes);
            }
            catch (RuntimeException ex) {
                this.admission.giveBackRates(messages);
                throw ex;
            }
            for (int i = 0; i < count; i++) {
                enqueue(admitted.get(i), messages.get(i).key());
            }
            return List.copyOf(admitted);
        }
        finally {
            this.admissions.exit(slot);
        }
    }

    /** Takes room for {@code messages} holding {@code bytes}, in memory or in the journal, all or none. */
    private List<PendingMessage> admitted(List<KafkaMessage> messages, long bytes) {
        JournalAdmission journaling = this.journaled;
        if (journaling != null) {
            return journaling.admit(messages, bytes);
        }
        int count = messages.size();
        this.admission.acquire(Admission.sharedTopic(messages), count, bytes);
        long first = this.admission.stamps(count);
        List<PendingMessage> admitted = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            admitted.add(new PendingMessage(messages.get(i), first + i));
        }
        return admitted;
    }

    private void enqueue(PendingMessage pending, byte[] key) {
        DeliveryLane[] current = this.lanes;
        if (current == null) {
            synchronized (this.preStart) {
                current = this.lanes;
                if (current == null) {
                    // Admitted before start(): start() hands it to its lane; a shutdown reports it.
                    this.preStart.add(new Unstarted(pending, key));
                    return;
                }
            }
        }
        laneFor(key, pending.admitted, current).offer(pending);
    }

    /** Same key, same lane: per-key order. A keyless message goes round the lanes by its stamp. */
    private static DeliveryLane laneFor(byte[] key, long stamp, DeliveryLane[] lanes) {
        long slot = (key != null) ? Arrays.hashCode(key) : stamp;
        return lanes[(int) Math.floorMod(slot, (long) lanes.length)];
    }

    @Override
    public PublisherStats stats() {
        long queued = 0;
        long inFlight = 0;
        int workers = 0;
        DeliveryLane[] current = this.lanes;
        if (current != null) {
            for (DeliveryLane lane : current) {
                queued += lane.queued();
                inFlight += lane.inFlight();
                workers += lane.isAlive() ? 1 : 0;
            }
        }
        else {
            synchronized (this.preStart) {
                queued += this.preStart.size();
            }
        }
        return new PublisherStats(queued, this.budget.bytes(), inFlight, this.outcomes.published(),
                this.outcomes.failed(), this.outcomes.retried(), this.admission.rejected(), workers,
                this.outcomes.workerRestarts(), this.replayed.sum());
    }

    /** The journal's state, when the pool has one. */
    public Optional<JournalStats> journalStats() {
        JournalAdmission current = this.journaled;
        return (current != null) ? Optional.of(current.journal().stats()) : Optional.empty();
    }

    /** The settings this pool runs with. */
    public PublisherConfig config() {
        return this.config;
    }

    /** Where and how its producers connect. */
    public ConnectionProperties connection() {
        return this.connection;
    }

    /** The most recent failed delivery attempt, or {@code null}. */
    public LastFailure lastFailure() {
        return this.outcomes.lastFailure();
    }

    /**
     * The most recent delivery attempt that failed and is being retried, or {@code null}: not
     * replaced by a record that fails for good in the meantime.
     */
    public LastFailure lastRetriableFailure() {
        return this.outcomes.lastRetriableFailure();
    }

    /**
     * Whether {@link #lastRetriableFailure()} came after the broker last acknowledged a message (or none
     * was ever acknowledged): deliveries are failing and being retried. Read on the monotonic clock, so a
     * step of the wall clock does not turn it around.
     */
    public boolean retriedSinceLastDelivery() {
        return this.outcomes.retriedSinceLastDelivery();
    }

    /** When the broker last acknowledged a message, or {@code null}. */
    public Instant lastDelivery() {
        return this.outcomes.lastDelivery();
    }

    /** Topics the pool cannot send to now, and why; their records wait or fail, others go on. */
    public List<TopicProblem> topicProblems() {
        return this.topicProblems.snapshot();
    }

    /**
     * The network threads that have died under Kafka producers the pool still sends with, by name: through
     * such a producer nothing more is delivered and no record it holds is answered. Empty when none has.
     */
    public List<String> deadProducerThreads() {
        return this.producers.deadThreads();
    }

    /**
     * Workers that died and whose successor has not yet made a step, each as a line naming the lane
     * and the failure; empty when every worker is healthy.
     */
    public List<String> workerFailures() {
        DeliveryLane[] current = this.lanes;
        if (current == null) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        for (DeliveryLane lane : current) {
            Throwable crash = lane.crash();
            if (crash != null) {
                failures.add(lane + ": " + DeliveryErrors.describe(crash));
            }
        }
        return failures;
    }

    /** Whether the pool is started and not shutting down. */
    public boolean isRunning() {
        return this.settings.state() == PoolState.RUNNING;
    }

    /** Whether the pool has stopped (after {@link #shutdown(Duration)}). */
    public boolean isStopped() {
        return this.settings.state() == PoolState.STOPPED;
    }

    /** Whether the pool is draining for shutdown. */
    public boolean isDraining() {
        return this.settings.state() == PoolState.DRAINING;
    }

    /** Shuts down with the configured {@code shutdown-timeout}. */
    @Override
    public void close() {
        shutdown(this.config.shutdownTimeout());
    }

    /**
     * Refuses new messages at once, delivers what is held within {@code timeout}, closes the
     * producers, and reports what could not be delivered. Returns within {@code timeout} plus about
     * a second, whatever the producers and callers' completion stages do, plus the time it takes to
     * report what is left (failing the futures of a backlog of some 100,000 records and handing them
     * to the {@link UndeliveredMessageHandler} can take another second or two). Called from a
     * producer thread (a completion stage that is not {@code ...Async}), it waits the whole
     * {@code timeout} for that producer, which cannot close while its own thread is here.
     * @param timeout the drain budget
     * @return how many messages were not delivered when it returns: those reported, and those still
     *         held by a producer or a worker that did not stop in time (which may yet deliver them)
     */
    public int shutdown(Duration timeout) {
        // a century at most: a longer wait overflowed the timers, and the pool went on running
        return shutdownWithin(Objects.requireNonNull(timeout, "timeout").compareTo(LONGEST_SHUTDOWN) > 0
                ? LONGEST_SHUTDOWN : timeout);
    }

    private int shutdownWithin(Duration timeout) {
        // a caller's interrupt flag is kept for it: set, every wait below returned at once, a core spun through the
        // drain, and the report came after this returned (to a JVM that may exit then)
        boolean interrupted = Thread.interrupted();
        this.lifecycle.lock();
        try {
            PoolState before = this.settings.state();
            if (before == PoolState.STOPPED && this.journaled == null) {
                // a stopped pool has nothing left, unless a start again opened its journal and then failed
                return 0;
            }
            if (this.exitHook != null) {
                this.exitHook.remove();
            }
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Journal journal = (this.journaled != null) ? this.journaled.journal() : null;
            this.settings.state(PoolState.DRAINING);
            this.admissions.awaitQuiet();
            DeliveryLane[] current = this.lanes;
            if (current != null) {
                this.stopping.drain(timeout, deadline, current, this.producers::deadProducers);
            }
            // after the drain (a thread can die during it), before the producers are let go of
            List<Producer<byte[], byte[]>> dead = this.producers.deadProducers();
            this.settings.state(PoolState.STOPPED);
            if (this.handovers != null) {
                this.handovers.shutdown();
            }
            List<Undelivered> undelivered = new ArrayList<>();
            if (current != null) {
                this.stopping.stop(current, this.producers.takeAll(), dead, deadline, journal, undelivered);
                this.lanes = null;
            }
            undelivered.addAll(this.outcomes.takeUnanswered(this.stopping.lateAnswers(journal)));
            synchronized (this.preStart) {
                for (List<Unstarted> waiting : List.of(this.replayedBacklog, this.preStart)) {
                    for (Unstarted kept : waiting) {
                        undelivered.add(Undelivered.held(kept.pending(),
                                "the pool was closed before it started", null));
                    }
                    waiting.clear();
                }
            }
            this.stopping.report(undelivered, timeout, journal, this.topicProblems.snapshot());
            long late = this.stopping.awaitLateAnswers();
            if (journal != null) {
                journal.close();
                this.journaled = null;
            }
            logger.info("{} - Stopped in {} ms: {}", this.config.label(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), stats());
            // the late ones too: a producer that closed within the margin failed records the first report did not hold
            return (int) Math.min(Integer.MAX_VALUE, undelivered.size() + late);
        }
        finally {
            this.lifecycle.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The exit hook's shutdown: a pool that another thread shut down meanwhile (a shutdown hook of the program's own
     * that calls {@code close()}) is left as it is, without {@code warning}; else {@code warning} is said first.
     */
    void shutdownAtExit(Runnable warning) {
        this.lifecycle.lock();
        try {
            if (this.settings.state() == PoolState.STOPPED) {
                return;
            }
            warning.run();
            shutdown(this.config.shutdownTimeout());
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    @Override
    public String toString() {
        return "PooledKafkaPublisher[" + this.config.label() + ", " + this.settings.state().description() + ", "
                + stats() + "]";
    }

    /** Builds a {@link PooledKafkaPublisher}. */
    public static final class Builder {

        private final PublisherConfig config;

        private ConnectionProperties connection = ConnectionProperties.of(Map.of(), "no connection given");

        private ProducerSupplier producerSupplier = ProducerSupplier.KAFKA;

        private PublisherMetricsTracker metrics = PublisherMetricsTracker.NONE;

        private UndeliveredMessageHandler undeliveredHandler = new LoggingUndeliveredMessageHandler();

        private DeliveryFailureListener failureListener = DeliveryFailureListener.NONE;

        private MessageInterceptor interceptor = MessageInterceptor.NONE;

        private boolean exitHook = true;

        private Builder(PublisherConfig config) {
            this.config = config;
        }

        /** Where and how the producers connect: bootstrap servers and security; must not be null. */
        public Builder connection(ConnectionProperties connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** How producers are created; real Kafka producers by default. */
        public Builder producerSupplier(ProducerSupplier producerSupplier) {
            this.producerSupplier = Objects.requireNonNull(producerSupplier, "producerSupplier");
            return this;
        }

        /** Where the pool's events are counted; nowhere by default. */
        public Builder metricsTracker(PublisherMetricsTracker metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metricsTracker");
            return this;
        }

        /** Who receives what could not be delivered at shutdown; the log by default. */
        public Builder undeliveredHandler(UndeliveredMessageHandler undeliveredHandler) {
            this.undeliveredHandler = Objects.requireNonNull(undeliveredHandler, "undeliveredHandler");
            return this;
        }

        /** Who is told about every failed attempt; nobody by default. */
        public Builder failureListener(DeliveryFailureListener failureListener) {
            this.failureListener = Objects.requireNonNull(failureListener, "failureListener");
            return this;
        }

        /** What adjusts each message at admission; nothing by default. */
        public Builder messageInterceptor(MessageInterceptor interceptor) {
            this.interceptor = Objects.requireNonNull(interceptor, "messageInterceptor");
            return this;
        }

        /**
         * Whether a started pool shuts itself down when the JVM exits while it runs (returning from {@code main},
         * {@code System.exit}, SIGTERM): it drains within its shutdown timeout and reports what it could not deliver,
         * as {@code close()} does; its threads are daemon threads, and without the hook what it held is lost without
         * a word. On by default; turn it off where something else closes the pool at exit (the Spring Boot starter:
         * the application context closes it in its own hook, after the web server stopped taking requests).
         */
        public Builder exitHook(boolean exitHook) {
            this.exitHook = exitHook;
            return this;
        }

        /**
         * The pool, not started. With a journal in the config it opens the journal's directory here:
         * it takes the directory's lock and reads back what an earlier process left, to deliver first.
         * @throws dev.kafkapool.publisher.journal.JournalException if the journal cannot be opened (its
         *         directory is locked by another live process, unreadable, or full)
         * @throws IllegalStateException if Kafka's producers are to connect and no {@link #connection} names
         *         bootstrap servers (it failed only at {@code start()}, with Kafka's own message)
         */
        public PooledKafkaPublisher build() {
            if (this.producerSupplier == ProducerSupplier.KAFKA && this.config.enabled()
                    && this.connection.bootstrapServers().isBlank()) {
                throw new IllegalStateException("No brokers to connect to: give the builder a connection, e.g. "
                        + "connection(ConnectionProperties.of(Map.of(\"bootstrap.servers\", \"broker:9093\", "
                        + "\"security.protocol\", \"SSL\", ...), \"mTLS\")), before build()");
            }
            return new PooledKafkaPublisher(this);
        }

    }

}
