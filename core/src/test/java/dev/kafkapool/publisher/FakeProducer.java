package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A Kafka producer for pure pool tests that behaves as the real one does with
 * {@code max.block.ms=0}, and lets a test inject every fault the pool must survive:
 * <ul>
 * <li>metadata: a topic that exists is unknown until a first send or probe asks for it, then known;
 * one that is missing or not authorized is refused inside {@code send()} (the callback runs on the
 * calling thread) with a timeout whose cause is the cluster's answer;</li>
 * <li>a bounded buffer: beyond {@code bufferRecords} unanswered records, {@code send()} refuses with
 * {@link BufferExhaustedException};</li>
 * <li>a broker that answers on a thread of its own ({@link #ack(int)}, {@link #ackAll()}), per
 * partition in order, or fails records ({@link #expire(Predicate)}, {@link #failNext});</li>
 * <li>a {@code send()} that throws ({@link #throwOnSend}), and {@code close} that flushes or aborts.</li>
 * </ul>
 * Acknowledged records are appended to a per-partition log, which tests read as the broker's.
 */
final class FakeProducer implements Producer<byte[], byte[]> {

    static final int PARTITIONS = 3;

    private final ExecutorService broker = Executors.newSingleThreadExecutor((task) -> {
        Thread thread = new Thread(task, "fake-producer-io");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Kind> topics = new HashMap<>();

    private final Set<String> requested = new HashSet<>();

    private final Deque<Sent> unanswered = new ArrayDeque<>();

    private final Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> log = new HashMap<>();

    private final List<ProducerRecord<byte[], byte[]>> accepted = new ArrayList<>();

    private final int bufferRecords;

    private int roundRobin;

    private boolean closed;

    private volatile Predicate<ProducerRecord<byte[], byte[]>> throwOnSend = (record) -> false;

    private volatile RuntimeException toThrow;

    private volatile boolean unreachable;

    /** Kafka's {@code connection-count}: 0 once the brokers refuse this producer's connections (its certificate). */
    private volatile double connections = 1;

    /** Kafka's {@code failed-reauthentication-total}: how TLS 1.3 counts a client certificate refused. */
    private final DoubleAdder failedReauthentications = new DoubleAdder();

    /** Kafka's {@code requests-in-flight}: produce requests sent and not yet answered. */
    private volatile double requestsInFlight;

    /** Kafka's {@code record-retry-total}: records sent again after an error the broker answered. */
    private final DoubleAdder retries = new DoubleAdder();

    private volatile Error errorToThrow;

    private volatile CountDownLatch closeLatch = new CountDownLatch(0);

    FakeProducer(int bufferRecords) {
        this.bufferRecords = bufferRecords;
    }

    /** What the cluster says about a topic. */
    enum Kind {

        EXISTS, MISSING, NOT_AUTHORIZED

    }

    synchronized FakeProducer topic(String topic, Kind kind) {
        this.topics.put(topic, kind);
        return this;
    }

    /** Whether the brokers cannot be reached (or refuse this producer's certificate): no metadata ever arrives. */
    FakeProducer unreachable(boolean unreachable) {
        this.unreachable = unreachable;
        return this;
    }

    /**
     * The brokers refused one of this producer's connections, while another stays open (one that resumed an
     * earlier TLS session, say).
     */
    void failAuthentication() {
        this.failedReauthentications.add(1);
    }

    /** Produce requests of this producer a broker has and has not answered yet (a leader waiting for its replicas). */
    void requestsInFlight(int requests) {
        this.requestsInFlight = requests;
    }

    /** The producer retried a record after an error the broker answered at once (its {@code record-retry-total}). */
    void retried() {
        this.retries.add(1);
    }

    /** The brokers refuse this producer's connections from now on (its certificate is no longer trusted). */
    void disconnect() {
        this.connections = 0;
    }

    /** {@code send()} of matching records throws {@code failure} (once per call) instead of taking them. */
    void throwOnSend(Predicate<ProducerRecord<byte[], byte[]>> which, Throwable failure) {
        if (failure instanceof Error error) {
            this.errorToThrow = error;
            this.toThrow = null;
        }
        else {
            this.toThrow = (RuntimeException) failure;
            this.errorToThrow = null;
        }
        this.throwOnSend = which;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (this.throwOnSend.test(record)) {
            if (this.errorToThrow != null) {
                throw this.errorToThrow;
            }
            throw this.toThrow;
        }
        RuntimeException refused;
        synchronized (this) {
            if (this.closed) {
                throw new IllegalStateException("Cannot perform operation after producer has been closed");
            }
            refused = metadataRefusal(record.topic());
            if (refused == null && this.unanswered.size() >= this.bufferRecords) {
                refused = new BufferExhaustedException("Failed to allocate memory within the configured max blocking "
                        + "time 0 ms.");
            }
            if (refused == null) {
                int partition = partition(record);
                Sent sent = new Sent(record, new TopicPartition(record.topic(), partition), callback);
                this.unanswered.add(sent);
                this.accepted.add(record);
                return sent.future;
            }
        }
        callback.onCompletion(new RecordMetadata(null, -1, -1, -1, -1, -1), refused);
        return CompletableFuture.failedFuture(refused);
    }

    private RuntimeException metadataRefusal(String topic) {
        if (this.unreachable) {
            return new TimeoutException("Topic " + topic + " not present in metadata after 0 ms.");
        }
        Kind kind = this.topics.getOrDefault(topic, Kind.EXISTS);
        boolean first = this.requested.add(topic);
        if (kind == Kind.EXISTS && !first) {
            return null;
        }
        String message = "Topic " + topic + " not present in metadata after 0 ms.";
        if (first || kind == Kind.EXISTS) {
            return new TimeoutException(message);
        }
        return new TimeoutException(message, (kind == Kind.MISSING) ? new UnknownTopicOrPartitionException("unknown")
                : new TopicAuthorizationException(Set.of(topic)));
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
        RuntimeException refused = metadataRefusal(topic);
        if (refused != null) {
            throw refused;
        }
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            partitions.add(new PartitionInfo(topic, i, null, null, null));
        }
        return partitions;
    }

    private int partition(ProducerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return Math.floorMod(this.roundRobin++, PARTITIONS);
        }
        return Math.floorMod(Arrays.hashCode(record.key()), PARTITIONS);
    }

    /** The broker acknowledges up to {@code count} records, oldest first; returns how many. */
    int ack(int count) {
        List<Sent> answered = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < count && !this.unanswered.isEmpty(); i++) {
                Sent sent = this.unanswered.poll();
                List<ProducerRecord<byte[], byte[]>> partition = this.log.computeIfAbsent(sent.partition,
                        (tp) -> new ArrayList<>());
                partition.add(sent.record);
                sent.offset = partition.size() - 1;
                answered.add(sent);
            }
        }
        answer(answered, null);
        return answered.size();
    }

    int ackAll() {
        return ack(Integer.MAX_VALUE);
    }

    /** The records the broker has not answered yet, oldest first. */
    synchronized List<ProducerRecord<byte[], byte[]>> unanswered() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Sent sent : this.unanswered) {
            records.add(sent.record);
        }
        return records;
    }

    /** The producer gives up on matching records (delivery timeout): they fail with {@code failure}. */
    int expire(Predicate<ProducerRecord<byte[], byte[]>> which, RuntimeException failure) {
        List<Sent> failed = new ArrayList<>();
        synchronized (this) {
            this.unanswered.removeIf((sent) -> {
                if (which.test(sent.record)) {
                    failed.add(sent);
                    return true;
                }
                return false;
            });
        }
        answer(failed, failure);
        return failed.size();
    }

    /** The oldest unanswered record fails with {@code failure}. */
    boolean failNext(RuntimeException failure) {
        Sent sent;
        synchronized (this) {
            sent = this.unanswered.poll();
        }
        if (sent == null) {
            return false;
        }
        answer(List.of(sent), failure);
        return true;
    }

    private void answer(List<Sent> sents, RuntimeException failure) {
        if (sents.isEmpty()) {
            return;
        }
        Runnable answers = () -> {
            for (Sent sent : sents) {
                if (failure == null) {
                    RecordMetadata metadata = new RecordMetadata(sent.partition, sent.offset, 0, 0L,
                            -1, -1);
                    sent.callback.onCompletion(metadata, null);
                    sent.future.complete(metadata);
                }
                else {
                    sent.callback.onCompletion(new RecordMetadata(sent.partition, -1, -1, -1, -1, -1), failure);
                    sent.future.completeExceptionally(failure);
                }
            }
        };
        try {
            this.broker.submit(answers).get(10, TimeUnit.SECONDS);
        }
        catch (RejectedExecutionException ex) {
            // closed between taking these from the unanswered and answering them: a real producer still calls back
            answers.run();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    synchronized int unansweredCount() {
        return this.unanswered.size();
    }

    /** Every record the producer took, in the order it took them. */
    synchronized List<ProducerRecord<byte[], byte[]>> accepted() {
        return new ArrayList<>(this.accepted);
    }

    /** The broker's log: acknowledged records per partition. */
    synchronized Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> log() {
        Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> copy = new HashMap<>();
        this.log.forEach((tp, records) -> copy.put(tp, Collections.unmodifiableList(new ArrayList<>(records))));
        return copy;
    }

    synchronized boolean isClosed() {
        return this.closed;
    }

    static String text(byte[] bytes) {
        return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, (metadata, failure) -> {
        });
    }

    @Override
    public void flush() {
        ackAll();
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Closing waits for {@code latch} before it aborts what it holds: a producer whose forced close takes longer
     * than the shutdown waits for it (the real one's sender thread failing 100,000 records' callbacks).
     */
    void closeAfter(CountDownLatch latch) {
        this.closeLatch = latch;
    }

    /** Closing aborts what the broker has not answered, as a forced close of the real producer does. */
    @Override
    public void close(Duration timeout) {
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.closed = true;
        }
        try {
            this.closeLatch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        expire((record) -> true, new KafkaException("Producer is closed forcefully."));
        this.broker.shutdown();
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        // a producer whose certificate the brokers refuse never has an answer
        return Map.of(metricName("connection-count"), metric("connection-count", () -> this.connections),
                metricName("response-total"), metric("response-total", () -> this.unreachable ? 0.0 : 1.0),
                metricName("failed-reauthentication-total"),
                metric("failed-reauthentication-total", this.failedReauthentications::sum),
                metricName("requests-in-flight"), metric("requests-in-flight", () -> this.requestsInFlight),
                metricName("record-retry-total"), metric("record-retry-total", this.retries::sum));
    }

    private static MetricName metricName(String name) {
        return new MetricName(name, "producer-metrics", name, Map.of());
    }

    private static Metric metric(String name, java.util.function.DoubleSupplier value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return FakeProducer.metricName(name);
            }

            @Override
            public Object metricValue() {
                return value.getAsDouble();
            }
        };
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
    }

    @Override
    public void initTransactions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void beginTransaction() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata groupMetadata) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void commitTransaction() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abortTransaction() {
        throw new UnsupportedOperationException();
    }

    private static final class Sent {

        final ProducerRecord<byte[], byte[]> record;

        final TopicPartition partition;

        final Callback callback;

        final CompletableFuture<RecordMetadata> future = new CompletableFuture<>();

        long offset;

        Sent(ProducerRecord<byte[], byte[]> record, TopicPartition partition, Callback callback) {
            this.record = record;
            this.partition = partition;
            this.callback = callback;
        }

    }

}
