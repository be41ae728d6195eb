package dev.kafkapool.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/**
 * The {@link KafkaPublisher}: admission into a bounded queue, {@code workers} delivery lanes,
 * retries, and a draining shutdown.
 *
 * <p>Admission ({@link #publish}) checks the topic and size, takes room in the
 * {@link AdmissionBudget} with two compare-and-set loops, and enqueues; it holds no lock across
 * I/O and never waits for Kafka. Lifecycle: {@link #start()} creates the producers and workers;
 * {@link #shutdown(Duration)} refuses new messages, drains within the timeout, closes the
 * producers, and hands whatever is left to the {@link UndeliveredMessageHandler}.
 */
public final class PooledKafkaPublisher implements KafkaPublisher, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    /** Producer settings the pool relies on: acknowledged by all in-sync replicas, no duplicates. */
    private static final Map<String, Object> REQUIRED_PRODUCER_PROPERTIES = Map.of(ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");

    private final PublisherConfig config;

    private final ProducerSupplier producerSupplier;

    private final PublisherMetricsTracker metrics;

    private final UndeliveredMessageHandler undeliveredHandler;

    private final DeliveryFailureListener failureListener;

    private final MessageInterceptor interceptor;

    private final AdmissionBudget budget;

    /** The last admission stamp handed out; see {@link #admissionStamps(int)}. */
    private final AtomicLong lastAdmission = new AtomicLong(System.nanoTime());

    private final AtomicInteger roundRobin = new AtomicInteger();

    private final LongAdder published = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder retried = new LongAdder();

    private final LongAdder rejected = new LongAdder();

    private final ThrottledLog retryLog = new ThrottledLog(5);

    private final ThrottledLog failureLog = new ThrottledLog(20);

    private final ConcurrentLinkedQueue<PendingMessage> failedAtStop = new ConcurrentLinkedQueue<>();

    private final List<Producer<byte[], byte[]>> producers = new ArrayList<>();

    /** Messages admitted before {@link #start()}; guarded by {@code this}. */
    private final List<PendingMessage> preStart = new ArrayList<>();

    private volatile DeliveryLane[] lanes = new DeliveryLane[0];

    private volatile State state = State.NEW;

    private volatile LastFailure lastFailure;

    private volatile Instant lastDelivery;

    public PooledKafkaPublisher(PublisherConfig config) {
        this(builder(config));
    }

    private PooledKafkaPublisher(Builder builder) {
        this.config = builder.config;
        this.producerSupplier = builder.producerSupplier;
        this.metrics = builder.metrics;
        this.undeliveredHandler = builder.undeliveredHandler;
        this.failureListener = builder.failureListener;
        this.interceptor = builder.interceptor;
        this.budget = new AdmissionBudget(this.config.queueCapacity(), this.config.queueMaxBytes());
    }

    /** A builder for a pool with {@code config}; every collaborator has a default. */
    public static Builder builder(PublisherConfig config) {
        return new Builder(config);
    }

    /**
     * Creates the producers and starts the workers; messages admitted before are delivered now.
     * A stopped pool starts again with new producers (a context stopped and started, a checkpoint
     * restored); a running one is left alone.
     */
    public synchronized void start() {
        if (this.state == State.RUNNING || this.state == State.DRAINING) {
            return;
        }
        if (this.state == State.STOPPED) {
            this.producers.clear();
            this.lanes = new DeliveryLane[0];
            this.failedAtStop.clear();
        }
        if (!this.config.enabled()) {
            logger.info("{} - Kafka is disabled (KAFKA_ENABLED=false): no connection is made and every publish is "
                    + "rejected", this.config.label());
            this.state = State.RUNNING;
            return;
        }
        logger.info("{} - Starting: brokers={}, {}, topics={}, workers={} ({}), queue={} messages / {} bytes, "
                + "retry every {}", this.config.label(), this.config.brokers(), this.config.connectionDescription(),
                this.config.allowedTopics().isEmpty() ? "any" : this.config.allowedTopics(), this.config.workers(),
                this.config.sharedProducer() ? "one shared producer" : "one producer each",
                this.config.queueCapacity(), this.config.queueMaxBytes(), this.config.retryInterval());
        DeliveryLane[] created = new DeliveryLane[this.config.workers()];
        long retryNanos = this.config.retryInterval().toNanos();
        Producer<byte[], byte[]> shared = this.config.sharedProducer() ? createProducer(0) : null;
        for (int i = 0; i < created.length; i++) {
            Producer<byte[], byte[]> producer = (shared != null) ? shared : createProducer(i);
            created[i] = new DeliveryLane(i, this, producer, retryNanos);
        }
        for (PendingMessage pending : this.preStart) {
            laneFor(pending.message, created).offer(pending);
        }
        this.preStart.clear();
        this.lanes = created;
        this.state = State.RUNNING;
        for (int i = 0; i < created.length; i++) {
            created[i].start(this.config.label() + "-worker-" + i);
        }
    }

    private Producer<byte[], byte[]> createProducer(int index) {
        Map<String, Object> properties = new HashMap<>(this.config.producerProperties());
        properties.putAll(REQUIRED_PRODUCER_PROPERTIES);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, this.config.label());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, properties.get(ProducerConfig.CLIENT_ID_CONFIG) + "-" + index);
        Producer<byte[], byte[]> producer = this.producerSupplier.create(properties);
        this.producers.add(producer);
        return producer;
    }

    @Override
    public CompletableFuture<Delivery> publish(KafkaMessage original) {
        KafkaMessage message = this.interceptor.onPublish(original);
        int size = check(message, 1);
        if (!this.budget.tryAcquire(1, size)) {
            throw reject(Reason.QUEUE_FULL, 1, "the queue is full");
        }
        PendingMessage pending = new PendingMessage(message, admissionStamps(1));
        enqueue(pending);
        return pending;
    }

    @Override
    public List<CompletableFuture<Delivery>> publishAll(List<KafkaMessage> originals) {
        if (originals.isEmpty()) {
            return List.of();
        }
        List<KafkaMessage> messages = new ArrayList<>(originals.size());
        for (KafkaMessage original : originals) {
            messages.add(this.interceptor.onPublish(original));
        }
        long size = 0;
        for (KafkaMessage message : messages) {
            size += check(message, messages.size());
        }
        if (!this.budget.tryAcquire(messages.size(), size)) {
            throw reject(Reason.QUEUE_FULL, messages.size(),
                    "the queue has no room for a batch of " + messages.size() + " messages, " + size + " bytes");
        }
        long first = admissionStamps(messages.size());
        List<CompletableFuture<Delivery>> futures = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            PendingMessage pending = new PendingMessage(messages.get(i), first + i);
            enqueue(pending);
            futures.add(pending);
        }
        return futures;
    }

    /**
     * Reserves {@code count} consecutive admission stamps and returns the first: the current
     * {@link System#nanoTime()}, or one past the last stamp if that is not earlier. So a stamp is
     * the admission time (to within the nanoseconds of a burst) and also the admission order that
     * a separate sequence number used to give, at 8 bytes less per queued message.
     */
    private long admissionStamps(int count) {
        long now = System.nanoTime();
        while (true) {
            long last = this.lastAdmission.get();
            long first = (now - last > 0) ? now : last + 1;
            if (this.lastAdmission.compareAndSet(last, first + count - 1)) {
                return first;
            }
        }
    }

    /** Admission checks other than room; returns the message size. */
    private int check(KafkaMessage message, int count) {
        if (!this.config.enabled()) {
            throw reject(Reason.DISABLED, count, "Kafka is disabled (KAFKA_ENABLED=false)");
        }
        if (this.state.compareTo(State.RUNNING) > 0) {
            throw reject(Reason.SHUTTING_DOWN, count, "the pool is " + this.state.description);
        }
        String topic = message.topic();
        if (!this.config.allowedTopics().isEmpty() && !this.config.allowedTopics().contains(topic)) {
            throw reject(Reason.TOPIC_NOT_ALLOWED, count,
                    "topic " + LogSafe.text(topic) + " is not in KAFKA_TOPICS " + this.config.allowedTopics());
        }
        if (!isLegalTopic(topic)) {
            throw reject(Reason.TOPIC_NOT_ALLOWED, count, "topic " + LogSafe.text(topic)
                    + " is not a legal Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
        }
        int size = message.sizeInBytes();
        if (size + RecordOverhead.UPPER_BOUND > this.config.maxRecordBytes()) {
            throw reject(Reason.TOO_LARGE, count, "the message has " + size + " bytes, more than the producer's "
                    + "max.request.size of " + this.config.maxRecordBytes() + " bytes allows");
        }
        return size;
    }

    /**
     * Whether {@code topic} is a legal Kafka topic name: 1 to 249 of {@code a-z A-Z 0-9 . _ -}, and
     * not {@code .} or {@code ..}. A loop rather than a regular expression: matching
     * {@code [a-zA-Z0-9._-]{1,249}} was three quarters of admission's CPU time (BENCHMARKS.md,
     * "Delivery").
     */
    static boolean isLegalTopic(String topic) {
        int length = topic.length();
        if (length == 0 || length > 249) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return !".".equals(topic) && !"..".equals(topic);
    }

    private void enqueue(PendingMessage pending) {
        DeliveryLane[] current = this.lanes;
        DeliveryLane lane = (current.length == 0) ? null : laneFor(pending.message, current);
        if (lane == null) {
            // Admitted before start(): park it in the pre-start lane; start() takes it over.
            synchronized (this) {
                current = this.lanes;
                if (current.length == 0) {
                    this.preStart.add(pending);
                    return;
                }
                lane = laneFor(pending.message, current);
            }
        }
        lane.offer(pending);
        if (this.state == State.STOPPED && lane.withdraw(pending)) {
            this.budget.release(1, pending.message.sizeInBytes());
            throw reject(Reason.SHUTTING_DOWN, 1, "the pool stopped");
        }
    }

    private DeliveryLane laneFor(KafkaMessage message, DeliveryLane[] current) {
        byte[] key = message.key();
        int slot = (key != null) ? Arrays.hashCode(key) : this.roundRobin.getAndIncrement();
        return current[Math.floorMod(slot, current.length)];
    }

    private PublishRejectedException reject(Reason reason, int count, String why) {
        this.rejected.add(count);
        this.metrics.recordRejected(reason, count);
        return new PublishRejectedException(reason, this.config.label() + " - publish rejected (" + reason + "): " + why
                + " [" + stats() + "]");
    }

    /** Whether workers should keep sending: until the pool has stopped. */
    boolean isAcceptingWork() {
        return this.state != State.STOPPED;
    }

    void delivered(PendingMessage pending, RecordMetadata metadata) {
        this.budget.release(1, pending.message.sizeInBytes());
        this.published.increment();
        this.lastDelivery = Instant.now();
        this.metrics.recordPublished(System.nanoTime() - pending.admitted);
        pending.complete(new Delivery(metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp(),
                pending.attempts));
    }

    void failed(DeliveryLane lane, PendingMessage pending, Throwable failure) {
        if (this.state == State.STOPPED) {
            this.failedAtStop.add(pending);
            return;
        }
        boolean retriable = DeliveryErrors.isRetriable(failure);
        this.lastFailure = new LastFailure(Instant.now(), pending.message.topic(), DeliveryErrors.describe(failure),
                retriable);
        try {
            this.failureListener.onDeliveryFailure(pending.message, failure, retriable);
        }
        catch (RuntimeException ex) {
            logger.warn("{} - A delivery failure listener failed: {}", this.config.label(), DeliveryErrors.describe(ex));
        }
        if (retriable) {
            this.retried.increment();
            this.metrics.recordRetried();
            if (this.retryLog.tryAcquire()) {
                logger.warn("{} - Delivery to topic {} via {} failed (attempt {}), retrying in {}: {}{}",
                        this.config.label(), pending.message.topic(), this.config.brokers(), pending.attempts,
                        this.config.retryInterval(), DeliveryErrors.describe(failure),
                        suppressed(this.retryLog.takeSuppressed(), "retries"));
            }
            lane.retryLater(pending);
            return;
        }
        this.budget.release(1, pending.message.sizeInBytes());
        this.failed.increment();
        this.metrics.recordFailed();
        String description = "Message to topic " + pending.message.topic() + " with key "
                + LogSafe.text(pending.message.keyAsString()) + " failed after " + pending.attempts
                + " attempt(s) and will not be retried: " + DeliveryErrors.describe(failure);
        if (this.failureLog.tryAcquire()) {
            logger.error("{} - {}{}", this.config.label(), description,
                    suppressed(this.failureLog.takeSuppressed(), "failures"));
        }
        pending.completeExceptionally(
                new DeliveryFailedException(description, pending.message.topic(), pending.attempts, failure));
    }

    private static String suppressed(long count, String what) {
        return (count > 0) ? " (" + count + " similar " + what + " not logged)" : "";
    }

    @Override
    public PublisherStats stats() {
        long queued = 0;
        long inFlight = 0;
        int workers = 0;
        for (DeliveryLane lane : this.lanes) {
            queued += lane.queued();
            inFlight += lane.inFlight();
            workers += lane.isAlive() ? 1 : 0;
        }
        synchronized (this) {
            queued += this.preStart.size();
        }
        return new PublisherStats(queued, this.budget.bytes(), inFlight, this.published.sum(), this.failed.sum(),
                this.retried.sum(), this.rejected.sum(), workers);
    }

    /** The settings this pool runs with. */
    public PublisherConfig config() {
        return this.config;
    }

    /** The most recent failed delivery attempt, or {@code null}. */
    public LastFailure lastFailure() {
        return this.lastFailure;
    }

    /** When the broker last acknowledged a message, or {@code null}. */
    public Instant lastDelivery() {
        return this.lastDelivery;
    }

    /** Whether the pool is started and not shutting down. */
    public boolean isRunning() {
        return this.state == State.RUNNING;
    }

    /** Whether the pool has stopped (after {@link #shutdown(Duration)}). */
    public boolean isStopped() {
        return this.state == State.STOPPED;
    }

    /** Whether the pool is draining for shutdown. */
    public boolean isDraining() {
        return this.state == State.DRAINING;
    }

    /** Shuts down with the configured {@code shutdown-timeout}. */
    @Override
    public void close() {
        shutdown(this.config.shutdownTimeout());
    }

    /**
     * Refuses new messages, delivers what is queued within {@code timeout}, closes the producers,
     * and reports what could not be delivered.
     * @param timeout the drain budget
     * @return how many messages were not delivered
     */
    public synchronized int shutdown(Duration timeout) {
        if (this.state == State.STOPPED) {
            return 0;
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        boolean wasStarted = this.state != State.NEW;
        this.state = State.DRAINING;
        long held = this.budget.messages();
        if (held > 0) {
            logger.info("{} - Draining {} message(s) within {}", this.config.label(), held, timeout);
        }
        while (wasStarted && this.budget.messages() > 0 && System.nanoTime() < deadline) {
            sleepMillis(10);
        }
        this.state = State.STOPPED;
        for (DeliveryLane lane : this.lanes) {
            lane.stopWorker(Math.max(1000, remainingMillis(deadline)));
        }
        for (Producer<byte[], byte[]> producer : this.producers) {
            try {
                producer.close(Duration.ofMillis(remainingMillis(deadline)));
            }
            catch (RuntimeException ex) {
                logger.warn("{} - Closing a producer failed: {}", this.config.label(), DeliveryErrors.describe(ex));
            }
        }
        List<PendingMessage> undelivered = new ArrayList<>(this.preStart);
        this.preStart.clear();
        for (DeliveryLane lane : this.lanes) {
            undelivered.addAll(lane.drainRemaining());
        }
        for (PendingMessage pending; (pending = this.failedAtStop.poll()) != null;) {
            undelivered.add(pending);
        }
        undelivered.sort(PendingMessage.ADMISSION_ORDER);
        reportUndelivered(undelivered, timeout);
        long unaccounted = this.budget.messages();
        if (unaccounted > 0) {
            // A producer that closes without failing its pending sends leaves these behind.
            logger.error("{} - {} message(s) were in flight when the producers closed and got no answer: the broker "
                    + "may or may not have them", this.config.label(), unaccounted);
        }
        logger.info("{} - Stopped in {} ms: {}", this.config.label(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), stats());
        return undelivered.size();
    }

    private void reportUndelivered(List<PendingMessage> undelivered, Duration timeout) {
        if (undelivered.isEmpty()) {
            return;
        }
        String reason = "the pool stopped before the broker acknowledged them (shutdown timeout " + timeout
                + ", last failure: " + ((this.lastFailure != null) ? this.lastFailure.description() : "none") + ")";
        List<KafkaMessage> messages = new ArrayList<>(undelivered.size());
        for (PendingMessage pending : undelivered) {
            this.budget.release(1, pending.message.sizeInBytes());
            this.failed.increment();
            this.metrics.recordFailed();
            messages.add(pending.message);
            pending.completeExceptionally(new DeliveryFailedException(
                    "Not delivered: " + reason + "; topic " + pending.message.topic() + ", key "
                            + LogSafe.text(pending.message.keyAsString()),
                    pending.message.topic(), pending.attempts, null));
        }
        try {
            this.undeliveredHandler.onUndelivered(this.config.label(), messages, reason);
        }
        catch (RuntimeException ex) {
            logger.error("{} - The undelivered-message handler failed; {} message(s) are lost: {}",
                    this.config.label(), messages.size(), DeliveryErrors.describe(ex));
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PooledKafkaPublisher[" + this.config.label() + ", " + this.state.description + ", " + stats() + "]";
    }

    /**
     * The most recent failed delivery attempt.
     *
     * @param at when it failed
     * @param topic the topic of the message
     * @param description the error, in one line
     * @param retriable whether the message was queued again
     */
    public record LastFailure(Instant at, String topic, String description, boolean retriable) {
    }

    /** Builds a {@link PooledKafkaPublisher}. */
    public static final class Builder {

        private final PublisherConfig config;

        private ProducerSupplier producerSupplier = ProducerSupplier.KAFKA;

        private PublisherMetricsTracker metrics = PublisherMetricsTracker.NONE;

        private UndeliveredMessageHandler undeliveredHandler = new LoggingUndeliveredMessageHandler();

        private DeliveryFailureListener failureListener = DeliveryFailureListener.NONE;

        private MessageInterceptor interceptor = MessageInterceptor.NONE;

        private Builder(PublisherConfig config) {
            this.config = config;
        }

        /** How producers are created; real Kafka producers by default. */
        public Builder producerSupplier(ProducerSupplier producerSupplier) {
            this.producerSupplier = producerSupplier;
            return this;
        }

        public Builder metricsTracker(PublisherMetricsTracker metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Who receives what could not be delivered at shutdown; the log by default. */
        public Builder undeliveredHandler(UndeliveredMessageHandler undeliveredHandler) {
            this.undeliveredHandler = undeliveredHandler;
            return this;
        }

        public Builder failureListener(DeliveryFailureListener failureListener) {
            this.failureListener = failureListener;
            return this;
        }

        public Builder messageInterceptor(MessageInterceptor interceptor) {
            this.interceptor = interceptor;
            return this;
        }

        public PooledKafkaPublisher build() {
            return new PooledKafkaPublisher(this);
        }

    }

    private enum State {

        NEW("not started"), RUNNING("running"), DRAINING("draining for shutdown"), STOPPED("stopped");

        private final String description;

        State(String description) {
            this.description = description;
        }

    }

}
