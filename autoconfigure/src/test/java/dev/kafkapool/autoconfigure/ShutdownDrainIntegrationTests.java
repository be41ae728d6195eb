package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the context drains the queue before it returns. */
class ShutdownDrainIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void tenThousandQueuedMessagesAreAllDeliveredBeforeTheContextCloses() {
        String topic = "drain-10k";
        cluster.createTopic(topic, 3);
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        long[] queuedAtClose = new long[1];
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                for (int i = 0; i < 10_000; i++) {
                    futures.add(publisher.publish(KafkaMessage.of(topic, "k" + (i % 100), "drain-" + i)));
                }
                queuedAtClose[0] = publisher.stats().queued() + publisher.stats().inFlight();
            });
        // run() has closed the context: every future must already be complete and successful
        assertThat(queuedAtClose[0]).as("messages not yet acknowledged when close began").isPositive();
        assertThat(futures).allSatisfy((future) -> assertThat(future).isCompletedWithValueMatching((d) -> d.offset() >= 0));
        List<ConsumerRecord<String, String>> records = cluster.consume(topic, 10_000, Duration.ofSeconds(60));
        assertThat(records.stream().map(ConsumerRecord::value).distinct()).hasSize(10_000);
        assertThat(records).hasSize(10_000);
    }


    /**
     * A completion stage that publishes again runs on the producer's thread while the context
     * closes: its publish is refused at once instead of waiting for the drain, and a stage that
     * blocks that thread for good cannot hold the close beyond the shutdown timeout.
     */
    @Test
    void completionStagesThatPublishAgainOrBlockTheProducerThreadCannotHangTheClose() {
        String topic = "drain-stages";
        cluster.createTopic(topic, 1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicLong slowestFollowUpNanos = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        long[] closeStarted = new long[1];
        try {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
                .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment
                    .with(KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_SHUTDOWN_TIMEOUT=3s")))
                .run((context) -> {
                    KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                    for (int i = 0; i < 2000; i++) {
                        publisher.publish(KafkaMessage.of(topic, "k" + (i % 10), "first-" + i)).thenAccept((d) -> {
                            long started = System.nanoTime();
                            try {
                                publisher.publish(KafkaMessage.of(topic, "again", "again"));
                            }
                            catch (PublishRejectedException ex) {
                                refused.incrementAndGet();
                            }
                            slowestFollowUpNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                        });
                    }
                    publisher.publish(KafkaMessage.of(topic, "k", "blocker")).thenAccept((d) -> {
                        try {
                            never.await();
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    for (int i = 0; i < 2000; i++) {
                        publisher.publish(KafkaMessage.of(topic, "k" + (i % 10), "after-" + i));
                    }
                    closeStarted[0] = System.nanoTime();
                });
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted[0]);
            System.out.printf("close with a blocked producer thread: %d ms; slowest follow-up publish %d us; "
                    + "%d follow-ups refused%n", closeMillis,
                    TimeUnit.NANOSECONDS.toMicros(slowestFollowUpNanos.get()), refused.get());
            assertThat(closeMillis).as("close within KAFKA_SHUTDOWN_TIMEOUT=3s plus the margin").isLessThan(3000 + 2000);
            assertThat(Duration.ofNanos(slowestFollowUpNanos.get())).as("no follow-up publish waited")
                .isLessThan(Duration.ofMillis(200));
        }
        finally {
            never.countDown();
        }
    }

}
