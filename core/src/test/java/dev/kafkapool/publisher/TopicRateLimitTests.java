package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rates per topic at admission: refused at once, typed, with the wait, and nothing else held. */
class TopicRateLimitTests {

    private final RecordedRejections rejections = new RecordedRejections();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void shutdown() {
        if (this.publisher != null) {
            this.publisher.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aRecordBeyondTheBurstIsRefusedAsRateLimitedWithTheWaitOfItsBucket() {
        // slow refills (one record a second): a stall of this thread under a second between the publishes refills nothing
        start(Map.of("orders", new TopicLimit(1, 0, 3)));
        for (int i = 0; i < 3; i++) {
            this.publisher.publish(KafkaMessage.of("orders", "k", "v" + i));
        }
        PublishRejectedException refusal = catchThrowableOfType(PublishRejectedException.class,
                () -> this.publisher.publish(KafkaMessage.of("orders", "k", "v3")));

        assertThat(refusal.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(refusal.retryAfter()).hasValueSatisfying((wait) -> assertThat(wait)
            .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(refusal.getMessage()).contains("orders", "topicLimits.orders");
        assertHeld(3);
        assertThat(this.publisher.stats().rejected()).isEqualTo(1);
        assertThat(this.rejections.list()).containsExactly("RATE_LIMITED orders 1");
    }

    @Test
    void aCallerThatWaitsTheRetryAfterIsAdmitted() throws InterruptedException {
        start(Map.of("orders", new TopicLimit(2, 0, 1)));
        this.publisher.publish(KafkaMessage.of("orders", "k", "first"));
        PublishRejectedException refusal = catchThrowableOfType(PublishRejectedException.class,
                () -> this.publisher.publish(KafkaMessage.of("orders", "k", "second")));
        Thread.sleep(refusal.retryAfter().orElseThrow().toMillis() + 1);

        assertThat(this.publisher.publish(KafkaMessage.of("orders", "k", "second"))).isNotNull();
        assertHeld(2);
    }

    @Test
    void aBatchOverBothRatesIsToldTheLongerWaitAndIsAdmittedAfterIt() throws InterruptedException {
        // 10 records and 1,000 bytes a second, 5 s of each held: 5 large records take 4,750 of the 5,000 bytes
        start(Map.of("orders", new TopicLimit(10, 1000, 50)));
        for (int i = 0; i < 5; i++) {
            this.publisher.publish(KafkaMessage.of("orders", null, "v".repeat(950)));
        }
        List<KafkaMessage> batch = java.util.stream.IntStream.range(0, 50)
            .mapToObj((i) -> KafkaMessage.of("orders", "k", "x".repeat(44)))
            .toList();
        PublishRejectedException refusal = catchThrowableOfType(PublishRejectedException.class,
                () -> this.publisher.publishAll(batch));

        // the records wait for 5 (0.5 s), the bytes for 2,000 (50 × 45 bytes with the key: 2 s): the bytes' wait is told
        assertThat(refusal.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(refusal.retryAfter()).hasValueSatisfying((wait) -> assertThat(wait)
            .isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        Thread.sleep(refusal.retryAfter().orElseThrow().toMillis() + 1);

        this.publisher.publishAll(batch);
        assertHeld(55);
    }

    @Test
    void anotherTopicIsNotLimited() {
        start(Map.of("orders", new TopicLimit(1, 0, 1)));
        this.publisher.publish(KafkaMessage.of("orders", "k", "v"));
        for (int i = 0; i < 100; i++) {
            this.publisher.publish(KafkaMessage.of("payments", "k", "v" + i));
        }
        assertHeld(101);
    }

    @Test
    void theBytesRateCountsKeyValueAndHeaders() {
        start(Map.of("orders", new TopicLimit(0, 100, 0)));
        KafkaMessage fifty = KafkaMessage.builder("orders").key("kk").value("v".repeat(40)).header("h1", "abcdef")
            .build();
        assertThat(fifty.payloadBytes()).isEqualTo(50);
        this.publisher.publish(fifty);
        this.publisher.publish(fifty);
        assertThatExceptionOfType(PublishRejectedException.class)
            // 40 bytes: 400 ms of refill, more than any stall of this thread between the publishes
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("orders", null, "x".repeat(40))))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.RATE_LIMITED));
    }

    @Test
    void aRecordLargerThanABytesOnlyLimitEverAdmitsNamesTheBytesRateNotTheBurst() {
        // g62e: the 413 named KAFKA_TOPIC_LIMITS_FREE_BURST, which a topic without a records rate may not set
        start(Map.of("orders", new TopicLimit(0, 100, 0)));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("orders", null, "x".repeat(150))))
            .satisfies((ex) -> {
                assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE);
                assertThat(ex.detail()).isEqualTo("the record's 150 bytes are more than topic orders's rate ever "
                        + "admits at once (100 bytes, topicLimits.orders.bytesPerSecond)");
            });
    }

    @Test
    void aBatchIsAdmittedWholeOrRefusedWholeAndGivesBackWhatItTook() {
        start(Map.of("orders", new TopicLimit(1, 0, 5), "payments", new TopicLimit(1, 0, 2)));
        List<KafkaMessage> batch = List.of(KafkaMessage.of("orders", "k", "1"), KafkaMessage.of("orders", "k", "2"),
                KafkaMessage.of("payments", "k", "1"), KafkaMessage.of("payments", "k", "2"),
                KafkaMessage.of("payments", "k", "3"));
        assertThatExceptionOfType(PublishRejectedException.class).isThrownBy(() -> this.publisher.publishAll(batch))
            .satisfies((ex) -> {
                assertThat(ex.reason()).isEqualTo(Reason.TOO_LARGE);
                // for the caller: the bound it is over, without the log's label and counters
                assertThat(ex.detail()).isEqualTo("3 records of 6 bytes are more than topic payments's rate ever "
                        + "admits at once (2 records, topicLimits.payments.burst)");
                assertThat(ex.getMessage()).contains(ex.detail()).contains("publish rejected (TOO_LARGE)");
            });
        assertHeld(0);

        this.publisher.publishAll(batch.subList(0, 4));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publishAll(List.of(KafkaMessage.of("orders", "k", "3"),
                    KafkaMessage.of("payments", "k", "3"))))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.RATE_LIMITED));
        // orders' room taken by the refused batch was given back: three more fit its burst of 5.
        this.publisher.publishAll(List.of(KafkaMessage.of("orders", "k", "3"), KafkaMessage.of("orders", "k", "4"),
                KafkaMessage.of("orders", "k", "5")));
        assertHeld(7);
    }

    @Test
    void aRecordRefusedForQueueRoomGivesItsRateBack() {
        this.publisher = this.rejections.publisher(PublisherConfig.builder().label("test-pool").workers(1).queueCapacity(1)
            .topicLimits(Map.of("orders", new TopicLimit(1, 0, 2))).build());
        this.publisher.start();
        this.publisher.publish(KafkaMessage.of("orders", "k", "1"));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("orders", "k", "2")))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.QUEUE_FULL));
        assertThatExceptionOfType(PublishRejectedException.class)
            .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("orders", "k", "2")))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.QUEUE_FULL));
    }

    @Test
    void aLimitOnATopicOutsideTheAllowListIsRefusedByTheConfig() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().allowedTopics(Set.of("orders"))
                .topicLimits(Map.of("payments", new TopicLimit(1, 0, 0))).build())
            .withMessageContaining("topicLimits.payments")
            .withMessageContaining("not in");
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().topicLimits(Map.of("orders", new TopicLimit(-1, 0, 0)))
                .build())
            .withMessageContaining("topicLimits.orders.recordsPerSecond");
    }

    @Test
    void aBurstWithoutARecordsRateIsRefusedByTheConfigRatherThanDropped() {
        // a burst alone limited nothing, and beside a bytes rate it changed nothing: both started silently
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().topicLimits(Map.of("orders", new TopicLimit(0, 0, 50))).build())
            .withMessageContaining("topicLimits.orders.burst")
            .withMessageContaining("set topicLimits.orders.recordsPerSecond beside it, or unset topicLimits.orders.burst");
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().topicLimits(Map.of("orders", new TopicLimit(0, 1024, 50)))
                .build())
            .withMessageContaining("topicLimits.orders.burst");
        assertThat(PublisherConfig.builder().topicLimits(Map.of("orders", new TopicLimit(0, 1024, 0))).build()
            .topicLimits()).containsOnlyKeys("orders");
    }

    private void assertHeld(long expected) {
        HeldCount.assertHeld(this.publisher::stats, expected);
    }

    private void start(Map<String, TopicLimit> limits) {
        this.publisher = this.rejections.publisher(
                PublisherConfig.builder().label("test-pool").workers(1).topicLimits(limits).build());
        this.publisher.start();
    }

}
