package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link DeliveryFailureListener} that throws an {@link Error} (its stack overflows, it runs out of
 * memory, an assertion fails) is a listener that failed: the record it was told about still reaches its
 * outcome, and its lane goes on.
 */
class FailureListenerErrorTests {

    private final List<FakeProducer> producers = new CopyOnWriteArrayList<>();

    private final AtomicInteger listenerCalls = new AtomicInteger();

    private PooledKafkaPublisher publisher;

    @AfterEach
    void stop() {
        if (this.publisher != null) {
            this.publisher.shutdown(Duration.ZERO);
        }
    }

    private PooledKafkaPublisher start(Supplier<Error> thrown) {
        this.publisher = FakeProducerPool.builder(FakeProducerPool.config().workers(1).build(), this.producers)
            .failureListener((message, failure, retriable) -> {
                this.listenerCalls.incrementAndGet();
                throw thrown.get();
            })
            .build();
        this.publisher.start();
        FakeProducerPool.await("a producer", () -> !this.producers.isEmpty());
        return this.publisher;
    }

    private FakeProducer producer() {
        return this.producers.get(this.producers.size() - 1);
    }

    @Test
    void aRecordFailingForGoodFailsItsFutureAndGivesBackItsRoom() throws Exception {
        start(() -> new StackOverflowError("listener"));
        CompletableFuture<Delivery> future = this.publisher.publish(KafkaMessage.of("orders", "k", "v"));
        FakeProducerPool.await("sent", () -> producer().accepted().size() == 1);

        producer().expire((record) -> true, new RecordTooLargeException("too large"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOf(DeliveryFailedException.class);
        assertThat(this.listenerCalls).hasValue(1);
        assertThat(this.publisher.stats().queuedBytes()).isZero();
        assertThat(this.publisher.stats().inFlight()).isZero();
    }

    @Test
    void aRecordToSendAgainIsSentAgainBeforeTheNewerRecordsOfItsKeyAndALaterReconnectIsNotHeldUp() throws Exception {
        start(() -> new OutOfMemoryError("listener"));
        CompletableFuture<Delivery> first = this.publisher.publish(KafkaMessage.of("orders", "k", "first"));
        FakeProducerPool.await("sent", () -> producer().accepted().size() == 1);
        producer().expire((record) -> true, new NotLeaderOrFollowerException("leader moved"));
        CompletableFuture<Delivery> second = this.publisher.publish(KafkaMessage.of("orders", "k", "second"));

        FakeProducerPool.await("both delivered", () -> {
            producer().ackAll();
            return first.isDone() && second.isDone();
        });

        assertThat(first.get().attempts()).isEqualTo(2);
        assertThat(second).isCompleted();
        assertThat(values(producer().log().values().stream().flatMap(List::stream).toList()))
            .containsExactly("first", "second");
        assertThat(this.publisher.stats().inFlight()).isZero();

        // a lane moving to new producers waits until nothing is in flight on the old ones
        this.publisher.reconnect(ConnectionProperties.of(Map.of(), "renewed certificate"));
        List<CompletableFuture<Delivery>> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(this.publisher.publish(KafkaMessage.of("orders", "other-" + i, "after " + i)));
        }
        FakeProducerPool.await("delivered on the new producer", () -> {
            this.producers.forEach(FakeProducer::ackAll);
            return after.stream().allMatch(CompletableFuture::isDone);
        });
        assertThat(after).allMatch((future) -> !future.isCompletedExceptionally());
        assertThat(this.producers).hasSize(2);
    }

    @Test
    void aSendTheProducerRefusesIsTriedAgainWithoutKillingTheWorker() throws Exception {
        start(() -> new AssertionError("listener"));
        AtomicBoolean refusing = new AtomicBoolean(true);
        producer().throwOnSend((record) -> refusing.get(), new KafkaException("producer unusable"));
        CompletableFuture<Delivery> refused = this.publisher.publish(KafkaMessage.of("orders", "k", "refused"));
        CompletableFuture<Delivery> other = this.publisher.publish(KafkaMessage.of("orders", "other", "other"));
        FakeProducerPool.await("the listener told, several times", () -> this.listenerCalls.get() >= 3);

        refusing.set(false);
        FakeProducerPool.await("both delivered", () -> {
            producer().ackAll();
            return refused.isDone() && other.isDone();
        });

        assertThat(refused).isCompleted();
        assertThat(other).isCompleted();
        assertThat(this.publisher.stats().workerRestarts()).isZero();
        assertThat(this.publisher.stats().workers()).isEqualTo(1);
    }

    @Test
    void aRecordWaitingForItsTopicWhileTheClusterIsUnreachableIsSentOnceItAnswers() throws Exception {
        AtomicBoolean once = new AtomicBoolean(true);
        start(() -> once.getAndSet(false) ? new StackOverflowError("listener") : new OutOfMemoryError("listener"));
        producer().unreachable(true);
        CompletableFuture<Delivery> waiting = this.publisher.publish(KafkaMessage.of("orders", "k", "waiting"));
        FakeProducerPool.await("the listener told, twice", () -> this.listenerCalls.get() >= 2);

        producer().unreachable(false);
        CompletableFuture<Delivery> later = this.publisher.publish(KafkaMessage.of("orders", "k", "later"));
        FakeProducerPool.await("both delivered", () -> {
            producer().ackAll();
            return waiting.isDone() && later.isDone();
        });

        assertThat(waiting).isCompleted();
        assertThat(later).isCompleted();
        assertThat(values(producer().log().values().stream().flatMap(List::stream).toList()))
            .containsExactly("waiting", "later");
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map((record) -> new String(record.value(), StandardCharsets.UTF_8)).toList();
    }

}
