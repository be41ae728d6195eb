package dev.kafkapool.autoconfigure.reload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.ConsumedRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishes at a steady rate on a thread of its own, {@code KEYS} keys round the clock, each value
 * {@code key:sequence}; then checks what a consumer read: every accepted record exactly once, and
 * per key in sequence order.
 */
final class SteadyLoad implements AutoCloseable {

    private static final int KEYS = 20;

    private final KafkaPublisher publisher;

    private final String topic;

    private final long periodNanos;

    private final List<CompletableFuture<Delivery>> accepted = new ArrayList<>();

    private final List<String> acceptedValues = new ArrayList<>();

    private final Thread thread;

    private volatile boolean running = true;

    private int rejected;

    SteadyLoad(KafkaPublisher publisher, String topic, int perSecond) {
        this.publisher = publisher;
        this.topic = topic;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "steady-load-" + topic);
        this.thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        int[] sequences = new int[KEYS];
        for (long i = 0; this.running; i++) {
            int key = (int) (i % KEYS);
            String value = "k" + key + ":" + sequences[key];
            try {
                CompletableFuture<Delivery> future = this.publisher.publish(KafkaMessage.of(this.topic, "k" + key, value));
                synchronized (this) {
                    this.accepted.add(future);
                    this.acceptedValues.add(value);
                }
                sequences[key]++;
            }
            catch (PublishRejectedException ex) {
                synchronized (this) {
                    this.rejected++;
                }
            }
            next += this.periodNanos;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    synchronized int acceptedCount() {
        return this.accepted.size();
    }

    /** Waits until at least {@code more} further records are acknowledged: deliveries go on. */
    void awaitDelivered(int more, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int from = acceptedCount();
        while (System.nanoTime() < deadline) {
            List<CompletableFuture<Delivery>> since;
            synchronized (this) {
                since = new ArrayList<>(this.accepted.subList(Math.min(from, this.accepted.size()), this.accepted.size()));
            }
            if (since.stream().filter((f) -> f.isDone() && !f.isCompletedExceptionally()).count() >= more) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + more + " records acknowledged within " + timeoutSeconds + " s");
    }

    /** Stops publishing and waits for every accepted record's outcome; all must be delivered. */
    List<String> stopAndAwait(long timeoutSeconds) throws Exception {
        close();
        List<CompletableFuture<Delivery>> futures;
        synchronized (this) {
            futures = new ArrayList<>(this.accepted);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeoutSeconds, TimeUnit.SECONDS);
        assertThat(this.rejected).as("records refused at admission").isZero();
        synchronized (this) {
            return List.copyOf(this.acceptedValues);
        }
    }

    /** Every accepted value once, nothing else, and each key's values in sequence order within its partition. */
    static void assertExactlyOnceInKeyOrder(List<String> accepted, ConsumedRecords consumed) {
        List<String> values = consumed.values();
        Set<String> unique = new HashSet<>(values);
        assertThat(values).as("no record twice").hasSize(unique.size());
        assertThat(unique).as("every accepted record, nothing else").containsExactlyInAnyOrderElementsOf(accepted);
        Map<String, Integer> last = new HashMap<>();
        consumed.list()
            .stream()
            .sorted(Comparator.comparingInt(ConsumedRecord::partition).thenComparingLong(ConsumedRecord::offset))
            .forEach((record) -> {
                int sequence = Integer.parseInt(record.value().substring(record.value().indexOf(':') + 1));
                Integer previous = last.put(record.key(), sequence);
                assertThat(sequence).as("order of key %s", record.key()).isEqualTo((previous == null) ? 0 : previous + 1);
            });
    }

    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.thread.join();
    }

}
