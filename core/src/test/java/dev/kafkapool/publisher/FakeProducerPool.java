package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A pool on {@link FakeProducer}s for tests of the pool's own logic, and a few waiting helpers. */
final class FakeProducerPool implements AutoCloseable {

    final List<FakeProducer> producers = new CopyOnWriteArrayList<>();

    final List<List<KafkaMessage>> undelivered = new CopyOnWriteArrayList<>();

    /** The reason given with each list of {@link #undelivered}. */
    final List<String> undeliveredReasons = new CopyOnWriteArrayList<>();

    /** The client id of each producer made, in the order of {@link #producers}. */
    final List<Object> clientIds = new CopyOnWriteArrayList<>();

    final PooledKafkaPublisher publisher;

    FakeProducerPool(PublisherConfig config, int bufferRecords, java.util.function.Consumer<FakeProducer> setup) {
        this.publisher = PooledKafkaPublisher.builder(config).producerSupplier((properties) -> {
            FakeProducer producer = new FakeProducer(bufferRecords);
            setup.accept(producer);
            this.clientIds.add(properties.get(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG));
            this.producers.add(producer);
            return producer;
        }).undeliveredHandler((label, messages, reason) -> {
            this.undelivered.add(messages);
            this.undeliveredReasons.add(reason);
        }).build();
    }

    /** A builder of a pool on fake producers of room for 100 records each, added to {@code producers} as made. */
    static PooledKafkaPublisher.Builder builder(PublisherConfig config, List<FakeProducer> producers) {
        return PooledKafkaPublisher.builder(config).producerSupplier((properties) -> {
            FakeProducer producer = new FakeProducer(100);
            producers.add(producer);
            return producer;
        });
    }

    static PublisherConfig.Builder config() {
        return PublisherConfig.builder().label("test-pool").workers(2).retryInterval(Duration.ofMillis(50))
            .missingTopicTimeout(Duration.ofSeconds(1));
    }

    FakeProducer producer() {
        return this.producers.get(0);
    }

    FakeProducerPool start() {
        this.publisher.start();
        return this;
    }

    @Override
    public void close() {
        this.publisher.shutdown(Duration.ZERO);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(2);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

}
