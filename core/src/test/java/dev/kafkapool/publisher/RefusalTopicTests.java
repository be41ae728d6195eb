package dev.kafkapool.publisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A refusal is counted under the topic of what was refused (the metric maps topics outside the
 * allow-list to {@code other}): a full queue too, where it used to be counted under no topic, so
 * that an operator sees whose traffic a full queue turned away. A batch to several topics has none.
 */
class RefusalTopicTests {

    private final List<String> rejections = new CopyOnWriteArrayList<>();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void shutdown() {
        this.publisher.shutdown(java.time.Duration.ZERO);
    }

    @Test
    void aFullQueueCountsTheRefusedMessageUnderItsTopicAndAMixedBatchUnderNone() {
        // the mock producer never answers: what is admitted stays queued or in flight
        this.publisher = recording(PublisherConfig.builder().label("test-pool").workers(1).queueCapacity(2).build());
        this.publisher.start();
        this.publisher.publish(KafkaMessage.of("orders", "k", "v"));
        this.publisher.publish(KafkaMessage.of("orders", "k", "v"));

        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("payments", "k", "v")));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publishAll(List.of(KafkaMessage.of("orders", "k", "v"))));
        assertThatExceptionOfType(PublishRejectedException.class).isThrownBy(() -> this.publisher
            .publishAll(List.of(KafkaMessage.of("orders", "k", "v"), KafkaMessage.of("payments", "k", "v"))));

        assertThat(this.rejections).containsExactly("QUEUE_FULL payments 1", "QUEUE_FULL orders 1",
                "QUEUE_FULL null 2");
    }

    @Test
    void aDisabledOrStoppedPoolCountsTheRefusedMessageUnderItsTopicToo() {
        // these were counted under no topic, so the metric showed an allow-listed topic's refusals as "other"
        this.publisher = recording(PublisherConfig.builder().label("test-pool").enabled(false).build());
        refuse();
        this.publisher = recording(PublisherConfig.builder().label("test-pool").build());
        this.publisher.start();
        this.publisher.shutdown(java.time.Duration.ZERO);
        refuse();

        assertThat(this.rejections).containsExactly("DISABLED orders 1", "DISABLED orders 1", "DISABLED null 2",
                "SHUTTING_DOWN orders 1", "SHUTTING_DOWN orders 1", "SHUTTING_DOWN null 2");
    }

    private void refuse() {
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("orders", "k", "v")));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publishAll(List.of(KafkaMessage.of("orders", "k", "v"))));
        assertThatExceptionOfType(PublishRejectedException.class).isThrownBy(() -> this.publisher
            .publishAll(List.of(KafkaMessage.of("orders", "k", "v"), KafkaMessage.of("payments", "k", "v"))));
    }

    private PooledKafkaPublisher recording(PublisherConfig config) {
        return PooledKafkaPublisher.builder(config)
            .producerSupplier((properties) -> new MockProducer<>(false, null, new ByteArraySerializer(),
                    new ByteArraySerializer()))
            .metricsTracker(new PublisherMetricsTracker() {
                @Override
                public void recordRejected(Reason reason, String topic, int count) {
                    RefusalTopicTests.this.rejections.add(reason + " " + topic + " " + count);
                }
            })
            .build();
    }

}
