package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
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

}
