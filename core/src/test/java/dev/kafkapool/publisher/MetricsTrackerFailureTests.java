package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link PublisherMetricsTracker} of the application's own that throws: what it was told of still
 * happens, whatever thread it was told on, and a refusal stays the caller's typed refusal.
 */
class MetricsTrackerFailureTests {

    private final List<FakeProducer> producers = new CopyOnWriteArrayList<>();

    private final AtomicInteger calls = new AtomicInteger();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void stop() {
        if (this.publisher != null) {
            this.publisher.shutdown(Duration.ZERO);
        }
    }

    /** Throws from every method, an exception or an Error by turns. */
    private final PublisherMetricsTracker throwing = new PublisherMetricsTracker() {

        @Override
        public void recordRejected(Reason reason, String topic, int count) {
            fail();
        }

        @Override
        public void recordPublished(long latencyNanos) {
            fail();
        }

        @Override
        public void recordFailed() {
            fail();
        }

        @Override
        public void recordRetried() {
            fail();
        }

        private void fail() {
            if (MetricsTrackerFailureTests.this.calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("tracker");
            }
            throw new NoClassDefFoundError("tracker");
        }

    };

    private void start(PublisherConfig.Builder config) {
        this.publisher = FakeProducerPool.builder(config.workers(1).build(), this.producers)
            .metricsTracker(this.throwing)
            .build();
        this.publisher.start();
        FakeProducerPool.await("a producer", () -> !this.producers.isEmpty());
    }

    @Test
    void deliveredRetriedAndFailedRecordsReachTheirOutcomes() throws Exception {
        start(FakeProducerPool.config());
        CompletableFuture<Delivery> retried = this.publisher.publish(KafkaMessage.of("orders", "k", "retried"));
        FakeProducerPool.await("sent", () -> this.producers.get(0).accepted().size() == 1);
        this.producers.get(0).expire((record) -> true, new NotLeaderOrFollowerException("leader moved"));
        FakeProducerPool.await("delivered", () -> {
            this.producers.get(0).ackAll();
            return retried.isDone();
        });
        assertThat(retried.get().attempts()).isEqualTo(2);

        CompletableFuture<Delivery> failed = this.publisher.publish(KafkaMessage.of("orders", "k", "failed"));
        FakeProducerPool.await("sent", () -> this.producers.get(0).accepted().size() == 3);
        this.producers.get(0).expire((record) -> true, new RecordTooLargeException("too large"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(DeliveryFailedException.class);
        assertThat(this.calls.get()).isGreaterThanOrEqualTo(3);
        assertThat(this.publisher.stats().queuedBytes()).isZero();
        assertThat(this.publisher.stats().inFlight()).isZero();
        assertThat(this.publisher.stats().published()).isEqualTo(1);
        assertThat(this.publisher.stats().failed()).isEqualTo(1);
    }

    @Test
    void aRefusalIsStillTheCallersTypedRefusal() {
        start(FakeProducerPool.config().allowedTopics(java.util.Set.of("orders")));

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> this.publisher.publish(KafkaMessage.of("elsewhere", "k", "v")))
                .satisfies((refusal) -> assertThat(refusal.reason()).isEqualTo(Reason.TOPIC_NOT_ALLOWED));
        }
        assertThat(this.calls.get()).isEqualTo(2);
    }

}
