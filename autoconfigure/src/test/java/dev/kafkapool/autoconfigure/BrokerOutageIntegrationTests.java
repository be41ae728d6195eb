package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker is killed for 10 s in the middle of a stream: nothing accepted is lost, and publish never waits. */
class BrokerOutageIntegrationTests {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @Test
    void everyAcceptedMessageArrivesAfterTheBrokerRestartsAndPublishNeverWaits() {
        String topic = "outage-stream";
        cluster.createTopic(topic, 3);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment
                .with(KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=0.2",
                        "KAFKA_SHUTDOWN_TIMEOUT=60s")))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                KafkaBroker broker = cluster.broker(1);
                List<CompletableFuture<Delivery>> futures = new ArrayList<>();
                List<Long> outageNanos = new ArrayList<>();
                int sequence = 0;
                long streamEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(16);
                long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                long restartAt = killAt + TimeUnit.SECONDS.toNanos(10);
                boolean killed = false;
                boolean restarted = false;
                while (System.nanoTime() < streamEnd) {
                    long now = System.nanoTime();
                    if (!killed && now >= killAt) {
                        broker.kill();
                        killed = true;
                    }
                    if (killed && !restarted && now >= restartAt) {
                        broker.restart();
                        restarted = true;
                    }
                    for (int i = 0; i < 20; i++) {
                        long start = System.nanoTime();
                        futures.add(publisher.publish(KafkaMessage.of(topic, "key-" + (sequence % 7), "m-" + sequence)));
                        long took = System.nanoTime() - start;
                        if (killed && !restarted) {
                            outageNanos.add(took);
                        }
                        sequence++;
                    }
                    Thread.sleep(10);
                }
                for (CompletableFuture<Delivery> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
                long[] sorted = outageNanos.stream().mapToLong(Long::longValue).sorted().toArray();
                long p99 = sorted[(int) (sorted.length * 0.99)];
                System.out.printf("publish during outage: n=%d p50=%dns p99=%dns max=%dns%n", sorted.length,
                        sorted[sorted.length / 2], p99, sorted[sorted.length - 1]);
                assertThat(sorted.length).as("publishes during the outage").isGreaterThan(1000);
                assertThat(p99).as("p99 publish latency during the outage, ns (max %d)", sorted[sorted.length - 1])
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(1));
                assertThat(publisher.stats().published()).isEqualTo(sequence);
                int sent = sequence;
                List<ConsumerRecord<String, String>> records = cluster.consume(topic, sent, Duration.ofSeconds(60));
                assertThat(records.stream().map(ConsumerRecord::value).distinct()).hasSize(sent);
            });
    }

}
