package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.kafkapool.publisher.FakeProducer.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Model-based, randomized: each seed drives a pool on {@link FakeProducer}s through a random
 * interleaving of publish, publishAll, broker answers, in-producer expiries, terminal failures,
 * missing, unauthorized and late-appearing topics, worker crashes, reconnects (new producers, as a
 * certificate reload makes), and stop/start; then lets it
 * settle and checks the pool's invariants:
 * <ol>
 * <li>every admitted future completes, and the counters agree: published + failed = admitted;</li>
 * <li>a future completes normally exactly when its record is in the broker's log, once, at the
 * partition and offset the future names;</li>
 * <li>counters return to zero: nothing queued, in flight, or held in the byte budget;</li>
 * <li>per-key order in every partition, except for the keys the README names (an expiry inside the
 * producer while it held a newer record of the key);</li>
 * <li>no stall: once the broker answers and the late topic exists, every record is settled
 * within the missing-topic timeout plus a margin, before shutdown.</li>
 * </ol>
 * A failure names its seed; rerun it with {@code -Dpool.model.seed=N}.
 */
class PoolModelTests {

    private static final List<String> TOPICS = List.of("t0", "t1", "t2", "missing", "secret", "late");

    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4");

    static Stream<Long> seeds() {
        String fixed = System.getProperty("pool.model.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = new Random().nextLong();
        return LongStream.range(0, 60).mapToObj((i) -> base + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariantsHoldUnderRandomFaults(long seed) throws Exception {
        Random random = new Random(seed);
        PublisherConfig config = FakeProducerPool.config()
            .workers(1 + random.nextInt(3))
            .sharedProducer(random.nextBoolean())
            .queueCapacity(30 + random.nextInt(200))
            .retryInterval(Duration.ofMillis(5 + random.nextInt(30)))
            .missingTopicTimeout(Duration.ofMillis(100 + random.nextInt(200)))
            .build();
        Model model = new Model();
        try (FakeProducerPool pool = new FakeProducerPool(config, 2 + random.nextInt(20), (producer) -> producer
            .topic("missing", Kind.MISSING)
            .topic("secret", Kind.NOT_AUTHORIZED)
            .topic("late", model.lateExists ? Kind.EXISTS : Kind.MISSING))) {
            pool.start();
            int operations = 100 + random.nextInt(200);
            for (int op = 0; op < operations; op++) {
                step(random, pool, model);
            }
            settle(pool, model, config);
            check(pool, model, seed);
        }
        catch (AssertionError ex) {
            throw new AssertionError("seed " + seed + " (rerun with -Dpool.model.seed=" + seed + "): "
                    + ex.getMessage(), ex);
        }
    }

    private void step(Random random, FakeProducerPool pool, Model model) throws InterruptedException {
        int dice = random.nextInt(100);
        if (dice < 35) {
            model.publish(pool, List.of(message(random, model)));
        }
        else if (dice < 45) {
            List<KafkaMessage> batch = new ArrayList<>();
            for (int i = random.nextInt(5); i >= 0; i--) {
                batch.add(message(random, model));
            }
            model.publish(pool, batch);
        }
        else if (dice < 70) {
            for (FakeProducer producer : open(pool)) {
                producer.ack(1 + random.nextInt(10));
            }
        }
        else if (dice < 76) {
            for (FakeProducer producer : open(pool)) {
                model.expire(producer, random);
            }
        }
        else if (dice < 79) {
            for (FakeProducer producer : open(pool)) {
                producer.failNext(new RecordTooLargeException("refused by the broker"));
            }
        }
        else if (dice < 81) {
            model.crashOnce(pool, random);
        }
        else if (dice < 82 && !model.lateExists) {
            model.lateExists = true;
            pool.producers.forEach((producer) -> producer.topic("late", Kind.EXISTS));
        }
        else if (dice < 83) {
            pool.publisher.shutdown(Duration.ofMillis(random.nextInt(20)));
            pool.publisher.start();
            model.restarts++;
        }
        else if (dice < 86) {
            // a renewed certificate: new producers, the old ones finish what they hold
            pool.publisher.reconnect(ConnectionProperties.of(java.util.Map.of(), "reconnect " + model.reconnects++));
        }
        else {
            Thread.sleep(random.nextInt(3));
        }
    }

    private KafkaMessage message(Random random, Model model) {
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        String key = (random.nextInt(8) == 0) ? null : KEYS.get(random.nextInt(KEYS.size()));
        return KafkaMessage.of(topic, key, Long.toString(model.nextId++));
    }

    /** The broker answers and the late topic appears: everything must settle, nothing may stall. */
    private void settle(FakeProducerPool pool, Model model, PublisherConfig config) throws InterruptedException {
        model.lateExists = true;
        pool.producers.forEach((producer) -> producer.topic("late", Kind.EXISTS));
        pool.producers.forEach((producer) -> producer.throwOnSend((record) -> false, new Error("off")));
        long deadline = System.nanoTime() + config.missingTopicTimeout().toNanos() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !model.allDone()) {
            for (FakeProducer producer : open(pool)) {
                producer.ackAll();
            }
            Thread.sleep(2);
        }
        List<String> stalled = model.admitted.entrySet()
            .stream()
            .filter((entry) -> !entry.getValue().future.isDone())
            .map((entry) -> entry.getValue().topic + "/" + entry.getValue().key + "/" + entry.getKey())
            .limit(10)
            .toList();
        assertThat(stalled).as(() -> "records not settled although the broker answers (stall); " + pool.publisher
                + "; unanswered in the producers: " + pool.producers.stream().map(FakeProducer::unansweredCount).toList()
                + "; workers: " + workerStacks()).isEmpty();
    }

    private void check(FakeProducerPool pool, Model model, long seed) {
        pool.publisher.shutdown(Duration.ofMillis(50));
        PublisherStats stats = pool.publisher.stats();
        long delivered = model.admitted.values().stream().filter((a) -> !a.future.isCompletedExceptionally()).count();
        assertThat(stats.published()).as("published").isEqualTo(delivered);
        assertThat(stats.published() + stats.failed()).as("published + failed = admitted")
            .isEqualTo(model.admitted.size());
        assertThat(stats.queued()).as("queued").isZero();
        assertThat(stats.inFlight()).as("in flight").isZero();
        assertThat(stats.queuedBytes()).as("queued bytes").isZero();

        Map<String, List<ProducerRecord<byte[], byte[]>>> byKey = new HashMap<>();
        Set<String> written = new HashSet<>();
        for (FakeProducer producer : pool.producers) {
            producer.log().forEach((partition, records) -> {
                for (ProducerRecord<byte[], byte[]> record : records) {
                    String id = FakeProducer.text(record.value());
                    if (!written.add(id)) {
                        fail("record " + id + " written twice");
                    }
                    if (record.key() != null) {
                        byKey.computeIfAbsent(partition + "/" + FakeProducer.text(record.key()), (k) -> new ArrayList<>())
                            .add(record);
                    }
                }
            });
        }
        model.admitted.forEach((id, admitted) -> {
            boolean ok = !admitted.future.isCompletedExceptionally();
            assertThat(written.contains(Long.toString(id))).as("record %d written iff its future succeeded", id)
                .isEqualTo(ok);
        });
        byKey.forEach((partitionKey, records) -> {
            String key = partitionKey.substring(partitionKey.indexOf('/') + 1);
            String topic = records.get(0).topic();
            if (model.orderExempt.contains(topic + "/" + key)) {
                return;
            }
            long previous = -1;
            for (ProducerRecord<byte[], byte[]> record : records) {
                long id = Long.parseLong(FakeProducer.text(record.value()));
                assertThat(id).as("order of %s in %s", key, partitionKey).isGreaterThan(previous);
                previous = id;
            }
        });
    }

    private static String workerStacks() {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("test-pool") || thread.getName().startsWith("fake-producer")) {
                stacks.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(8, stack.length); i++) {
                    stacks.append("\n    at ").append(stack[i]);
                }
            }
        });
        return stacks.toString();
    }

    private static List<FakeProducer> open(FakeProducerPool pool) {
        return pool.producers.stream().filter((producer) -> !producer.isClosed()).toList();
    }

    private static final class Admitted {

        final String topic;

        final String key;

        final CompletableFuture<Delivery> future;

        Admitted(KafkaMessage message, CompletableFuture<Delivery> future) {
            this.topic = message.topic();
            this.key = message.keyAsString();
            this.future = future;
        }

    }

    private static final class Model {

        final Map<Long, Admitted> admitted = new HashMap<>();

        final Set<String> orderExempt = new HashSet<>();

        long nextId;

        boolean lateExists;

        int restarts;

        int reconnects;

        void publish(FakeProducerPool pool, List<KafkaMessage> batch) {
            try {
                List<CompletableFuture<Delivery>> futures = pool.publisher.publishAll(batch);
                for (int i = 0; i < batch.size(); i++) {
                    this.admitted.put(Long.parseLong(FakeProducer.text(batch.get(i).value())),
                            new Admitted(batch.get(i), futures.get(i)));
                }
            }
            catch (PublishRejectedException ex) {
                // refused whole: nothing of it may ever be written (checked through the log)
            }
        }

        /**
         * Expires some unanswered records as a delivery timeout would. Records of the same key that
         * the producer took before the pool learned of the expiry (its callback) and that do not
         * expire with it may be written first: the case the README names. Such a key is exempt from
         * the order check; every other key must keep its order.
         */
        void expire(FakeProducer producer, Random random) {
            List<ProducerRecord<byte[], byte[]>> unanswered = producer.unanswered();
            Set<String> chosen = new HashSet<>();
            for (ProducerRecord<byte[], byte[]> record : unanswered) {
                if (random.nextInt(3) == 0) {
                    chosen.add(FakeProducer.text(record.value()));
                }
            }
            if (chosen.isEmpty()) {
                return;
            }
            producer.expire((record) -> chosen.contains(FakeProducer.text(record.value())),
                    new TimeoutException("Expiring 1 record(s): delivery.timeout.ms has passed"));
            List<ProducerRecord<byte[], byte[]>> takenBeforeTheNotice = producer.accepted();
            for (ProducerRecord<byte[], byte[]> expired : unanswered) {
                if (expired.key() == null || !chosen.contains(FakeProducer.text(expired.value()))) {
                    continue;
                }
                long id = Long.parseLong(FakeProducer.text(expired.value()));
                for (ProducerRecord<byte[], byte[]> other : takenBeforeTheNotice) {
                    if (sameKey(expired, other) && Long.parseLong(FakeProducer.text(other.value())) > id
                            && !chosen.contains(FakeProducer.text(other.value()))) {
                        this.orderExempt.add(expired.topic() + "/" + FakeProducer.text(expired.key()));
                    }
                }
            }
        }

        private static boolean sameKey(ProducerRecord<byte[], byte[]> a, ProducerRecord<byte[], byte[]> b) {
            return b.key() != null && a.topic().equals(b.topic()) && java.util.Arrays.equals(a.key(), b.key());
        }

        void crashOnce(FakeProducerPool pool, Random random) {
            AtomicBoolean fired = new AtomicBoolean();
            Error failure = (random.nextBoolean()) ? new OutOfMemoryError("injected") : new StackOverflowError();
            for (FakeProducer producer : pool.producers) {
                producer.throwOnSend((record) -> fired.compareAndSet(false, true), failure);
            }
        }

        boolean allDone() {
            return this.admitted.values().stream().allMatch((a) -> a.future.isDone());
        }

    }

}
