package dev.kafkapool.publisher;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A refusal is counted under the topic of what was refused (the metric maps topics outside the
 * allow-list to {@code other}): a full queue too, where it used to be counted under no topic, so
 * that an operator sees whose traffic a full queue turned away. A batch to several topics has none.
 */
class RefusalTopicTests {

    private final RecordedRejections rejections = new RecordedRejections();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void shutdown() {
        this.publisher.shutdown(java.time.Duration.ZERO);
    }

    @Test
    void aFullQueueCountsTheRefusedMessageUnderItsTopicAndAMixedBatchUnderNone() {
        // the mock producer never answers: what is admitted stays queued or in flight
        this.publisher = this.rejections.publisher(PublisherConfig.builder().label("test-pool").workers(1).queueCapacity(2).build());
        this.publisher.start();
        this.publisher.publish(KafkaMessage.of("payments", "k", "v"));
        this.publisher.publish(KafkaMessage.of("payments", "k", "v"));

        refuse();

        assertThat(this.rejections.list()).containsExactly("QUEUE_FULL orders 1", "QUEUE_FULL orders 1",
                "QUEUE_FULL null 2");
    }

    @Test
    void aDisabledOrStoppedPoolCountsTheRefusedMessageUnderItsTopicToo() {
        // these were counted under no topic, so the metric showed an allow-listed topic's refusals as "other"
        this.publisher = this.rejections.publisher(PublisherConfig.builder().label("test-pool").enabled(false).build());
        refuse();
        this.publisher = this.rejections.publisher(PublisherConfig.builder().label("test-pool").build());
        this.publisher.start();
        this.publisher.shutdown(java.time.Duration.ZERO);
        refuse();

        assertThat(this.rejections.list()).containsExactly("DISABLED orders 1", "DISABLED orders 1", "DISABLED null 2",
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

}
