package dev.kafkapool.publisher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.FakeProducer.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How a lane keeps going when one topic, key or the producer fails, on a {@link FakeProducer}. */
class DeliveryLaneFaultTests {

    private FakeProducerPool pool;

    @AfterEach
    void close() {
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @Test
    void recordsForMissingTopicsHoldBackNoOtherTopicAndFailAfterTheTimeout() throws Exception {
        // 5 s: the ghosts must still wait while the 400 others are taken, answered and read, however slow the machine
        this.pool = new FakeProducerPool(FakeProducerPool.config().missingTopicTimeout(Duration.ofSeconds(5)).build(),
                10_000, (producer) -> {
            for (int t = 0; t < 4; t++) {
                producer.topic("ghost-" + t, Kind.MISSING);
            }
        }).start();
        List<CompletableFuture<Delivery>> ghosts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 8; k++) {
                ghosts.add(this.pool.publisher.publish(KafkaMessage.of("ghost-" + t, "key-" + k, "v")));
            }
        }
        List<CompletableFuture<Delivery>> real = new ArrayList<>();
        for (int batch = 0; batch < 40; batch++) {
            List<KafkaMessage> messages = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                messages.add(KafkaMessage.of("orders", "key-" + k, "v" + batch));
            }
            real.addAll(this.pool.publisher.publishAll(messages));
        }

        FakeProducerPool.await("400 records to an existing topic taken by the producer",
                () -> this.pool.producer().accepted().size() == 400);
        this.pool.producer().ackAll();
        for (CompletableFuture<Delivery> future : real) {
            assertThat(future.get(5, TimeUnit.SECONDS).topic()).isEqualTo("orders");
        }
        assertThat(ghosts).noneMatch(CompletableFuture::isDone);
        assertThat(this.pool.publisher.topicProblems()).extracting(TopicProblem::topic)
            .containsExactlyInAnyOrder("ghost-0", "ghost-1", "ghost-2", "ghost-3");
        assertThat(this.pool.publisher.topicProblems()).allSatisfy((problem) -> {
            assertThat(problem.kind()).isEqualTo(TopicProblem.Kind.MISSING);
            assertThat(problem.waiting()).isEqualTo(8);
        });

        for (CompletableFuture<Delivery> ghost : ghosts) {
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ghost.get(15, TimeUnit.SECONDS))
                .withCauseInstanceOf(DeliveryFailedException.class)
                .withMessageContaining("does not exist on the cluster")
                .withMessageContaining("(missingTopicTimeout)");
        }
        PublisherStats stats = this.pool.publisher.stats();
        assertThat(stats.failed()).isEqualTo(32);
        assertThat(stats.published()).isEqualTo(400);
        assertThat(stats.queued()).isZero();
        assertThat(stats.queuedBytes()).isZero();
    }

    @Test
    void theFailureListenerIsToldOfARecordThatFailedForAMissingTopicWithTheExceptionItsFutureGets()
            throws Exception {
        List<Throwable> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> retried = new java.util.concurrent.CopyOnWriteArrayList<>();
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(FakeProducerPool.config().build())
            .producerSupplier((properties) -> {
                FakeProducer producer = new FakeProducer(100);
                producer.topic("ghost", Kind.MISSING);
                return producer;
            })
            .failureListener((message, failure, willRetry) -> {
                told.add(failure);
                retried.add(willRetry);
            })
            .build();
        publisher.start();
        try {
            CompletableFuture<Delivery> lost = publisher.publish(KafkaMessage.of("ghost", "k", "1"));
            Throwable failed = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> lost.get(5, TimeUnit.SECONDS)).getCause();

            assertThat(failed).isInstanceOf(DeliveryFailedException.class).hasMessageContaining("does not exist");
            FakeProducerPool.await("the listener told", () -> told.contains(failed));
            assertThat(retried.get(told.indexOf(failed))).isFalse();
        }
        finally {
            publisher.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aProducerThatCallsBackWithARefusalAndThenThrowsCountsTheRecordOutOfFlightOnce() throws Exception {
        // what a transactional producer does with a send outside a transaction: the callback, then the throw
        FakeProducer fake = new FakeProducer(100);
        @SuppressWarnings("unchecked")
        org.apache.kafka.clients.producer.Producer<byte[], byte[]> refusing =
                (org.apache.kafka.clients.producer.Producer<byte[], byte[]>) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] { org.apache.kafka.clients.producer.Producer.class },
                        (proxy, method, arguments) -> {
                            if (method.getName().equals("send") && arguments.length == 2) {
                                IllegalStateException invalid = new IllegalStateException(
                                        "TransactionalId tx: Invalid transition attempted from state READY");
                                ((org.apache.kafka.clients.producer.Callback) arguments[1]).onCompletion(null,
                                        new org.apache.kafka.common.KafkaException(invalid));
                                throw invalid;
                            }
                            return method.invoke(fake, arguments);
                        });
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(FakeProducerPool.config().workers(1).build())
            .producerSupplier((properties) -> refusing)
            .build();
        publisher.start();
        try {
            CompletableFuture<Delivery> future = publisher.publish(KafkaMessage.of("orders", "k", "v"));

            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS));
            PublisherStats stats = publisher.stats();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.failed()).isEqualTo(1);
        }
        finally {
            publisher.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aTopicMissingForLongerThanTheTimeoutFailsNewRecordsAtOnce() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().build(), 100,
                (producer) -> producer.topic("ghost", Kind.MISSING)).start();
        CompletableFuture<Delivery> first = this.pool.publisher.publish(KafkaMessage.of("ghost", "k", "1"));
        // never sent, so not "failed after 0 attempt(s)" (g52e)
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(5, TimeUnit.SECONDS))
            .withMessageContaining("failed without being sent and will not be retried")
            .withMessageNotContaining("0 attempt(s)");

        long started = System.nanoTime();
        CompletableFuture<Delivery> later = this.pool.publisher.publish(KafkaMessage.of("ghost", "k", "2"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> later.get(5, TimeUnit.SECONDS))
            .withMessageContaining("does not exist");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aTopicCreatedAfterItsRecordsFailedIsNoProblemOnceARecordReachesItAndItsTimeoutIsTheLastFailure()
            throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().build(), 100,
                (producer) -> producer.topic("late", Kind.MISSING)).start();
        CompletableFuture<Delivery> lost = this.pool.publisher.publish(KafkaMessage.of("late", "k", "1"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> lost.get(5, TimeUnit.SECONDS));

        // a failure without an exception of its own is still the last one health shows
        LastFailure last = this.pool.publisher.lastFailure();
        assertThat(last).isNotNull();
        assertThat(last.topic()).isEqualTo("late");
        assertThat(last.description()).contains("does not exist on the cluster").contains("was not created within");
        assertThat(last.retriable()).isFalse();
        List<TopicProblem> problems = this.pool.publisher.topicProblems();
        assertThat(problems).extracting(TopicProblem::topic).containsExactly("late");
        Thread.sleep(5);
        assertThat(this.pool.publisher.topicProblems().get(0).since()).isEqualTo(problems.get(0).since());

        // created now, and the producer has its metadata: the next record goes straight to it,
        // through no wait that would say the topic is back
        this.pool.producer().topic("late", Kind.EXISTS);
        CompletableFuture<Delivery> next = this.pool.publisher.publish(KafkaMessage.of("late", "k", "2"));
        FakeProducerPool.await("the record taken", () -> this.pool.producer().accepted().size() == 1);
        this.pool.producer().ackAll();
        assertThat(next.get(5, TimeUnit.SECONDS).topic()).isEqualTo("late");

        assertThat(this.pool.publisher.topicProblems()).isEmpty();
    }

    @Test
    void aTopicThatWentMissingAfterDeliveriesIsNoProblemOnceItsRecordsAreDeliveredAgain() throws Exception {
        // the lane's last delivered topic is the problem topic itself: its first delivery after
        // the problem is cleared all the same (not only a topic other than the last one's)
        this.pool = new FakeProducerPool(FakeProducerPool.config().build(), 100,
                (producer) -> producer.topic("comeback", Kind.EXISTS)).start();
        CompletableFuture<Delivery> first = this.pool.publisher.publish(KafkaMessage.of("comeback", "k", "1"));
        FakeProducerPool.await("the first record taken", () -> this.pool.producer().accepted().size() == 1);
        this.pool.producer().ackAll();
        first.get(5, TimeUnit.SECONDS);

        this.pool.producer().topic("comeback", Kind.MISSING);
        CompletableFuture<Delivery> lost = this.pool.publisher.publish(KafkaMessage.of("comeback", "k", "2"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> lost.get(5, TimeUnit.SECONDS));
        assertThat(this.pool.publisher.topicProblems()).extracting(TopicProblem::topic).containsExactly("comeback");

        this.pool.producer().topic("comeback", Kind.EXISTS);
        CompletableFuture<Delivery> again = this.pool.publisher.publish(KafkaMessage.of("comeback", "k", "3"));
        FakeProducerPool.await("the third record taken", () -> this.pool.producer().accepted().size() == 2);
        this.pool.producer().ackAll();
        again.get(5, TimeUnit.SECONDS);

        assertThat(this.pool.publisher.topicProblems()).isEmpty();
    }

    @Test
    void aRecordFailingForGoodDoesNotHideThatAnotherTopicsRecordIsBeingRetried() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().build(), 100,
                (producer) -> producer.topic("ghost", Kind.MISSING)).start();
        this.pool.publisher.publish(KafkaMessage.of("orders", "o", "v"));
        FakeProducerPool.await("orders taken", () -> this.pool.producer().accepted().size() == 1);
        this.pool.producer().expire((record) -> true,
                new org.apache.kafka.common.errors.TimeoutException("orders-partition-expired"));
        FakeProducerPool.await("the orders retry noted", () -> this.pool.publisher.lastRetriableFailure() != null);

        CompletableFuture<Delivery> ghost = this.pool.publisher.publish(KafkaMessage.of("ghost", "g", "v"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ghost.get(5, TimeUnit.SECONDS));

        // the latest failure is the ghost's; the latest retried one, which health's DOWN reads, still the orders'
        assertThat(this.pool.publisher.lastFailure().topic()).isEqualTo("ghost");
        assertThat(this.pool.publisher.lastFailure().retriable()).isFalse();
        assertThat(this.pool.publisher.lastRetriableFailure().topic()).isEqualTo("orders");
        assertThat(this.pool.publisher.lastRetriableFailure().description()).contains("orders-partition-expired");
    }

    @Test
    void aRetryIsSaidToComeAfterTheLastAcknowledgementUntilTheNextAcknowledgement() throws Exception {
        // health's "failing and being retried" rule; compared on the monotonic clock, not by wall-clock instants
        // a stepped clock could turn around (g52s)
        this.pool = new FakeProducerPool(FakeProducerPool.config().retryInterval(Duration.ofMillis(50)).build(), 100,
                (producer) -> {
                }).start();
        assertThat(this.pool.publisher.retriedSinceLastDelivery()).isFalse();
        CompletableFuture<Delivery> first = this.pool.publisher.publish(KafkaMessage.of("orders", "o", "1"));
        FakeProducerPool.await("the first taken", () -> this.pool.producer().unansweredCount() == 1);
        this.pool.producer().ackAll();
        first.get(5, TimeUnit.SECONDS);
        assertThat(this.pool.publisher.retriedSinceLastDelivery()).isFalse();

        Thread.sleep(5);
        CompletableFuture<Delivery> second = this.pool.publisher.publish(KafkaMessage.of("orders", "o", "2"));
        FakeProducerPool.await("the second taken", () -> this.pool.producer().unansweredCount() == 1);
        this.pool.producer().expire((record) -> true,
                new org.apache.kafka.common.errors.TimeoutException("orders-partition-expired"));
        FakeProducerPool.await("the retry noted", () -> this.pool.publisher.lastRetriableFailure() != null);
        assertThat(this.pool.publisher.retriedSinceLastDelivery()).isTrue();

        FakeProducerPool.await("the retry taken", () -> this.pool.producer().unansweredCount() == 1);
        Thread.sleep(5);
        this.pool.producer().ackAll();
        second.get(5, TimeUnit.SECONDS);
        assertThat(this.pool.publisher.retriedSinceLastDelivery()).isFalse();
    }

    @Test
    void recordsStillWaitingForAMissingTopicAtShutdownAreReportedNamingTheTopicAndWhatTheClusterSaid() {
        // a grader's shutdown report said only "the pool stopped before the broker acknowledged them"
        this.pool = new FakeProducerPool(FakeProducerPool.config().missingTopicTimeout(Duration.ofMinutes(1)).build(),
                100, (producer) -> producer.topic("late", Kind.MISSING)).start();
        for (int i = 0; i < 3; i++) {
            this.pool.publisher.publish(KafkaMessage.of("late", "key-" + i, "v" + i));
        }
        FakeProducerPool.await("the topic reported missing", () -> this.pool.publisher.topicProblems()
            .stream()
            .anyMatch((problem) -> problem.kind() == TopicProblem.Kind.MISSING && problem.waiting() == 3));

        this.pool.publisher.shutdown(Duration.ofMillis(200));

        assertThat(this.pool.undelivered).singleElement().satisfies((messages) -> assertThat(messages).hasSize(3));
        assertThat(this.pool.undeliveredReasons).singleElement().asString()
            .contains("the pool stopped before the broker acknowledged them")
            .contains("they waited for topics the pool could not send to: 'late' does not exist on the cluster");
    }

    @Test
    void recordsWaitingForATopicAreSentInAdmissionOrderOnceItExists() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().missingTopicTimeout(Duration.ofMinutes(1)).build(),
                100, (producer) -> producer.topic("late", Kind.MISSING)).start();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(this.pool.publisher.publish(KafkaMessage.of("late", "key-" + (i % 3), "v" + i)));
        }
        FakeProducerPool.await("the topic reported missing", () -> this.pool.publisher.topicProblems()
            .stream()
            .anyMatch((problem) -> problem.kind() == TopicProblem.Kind.MISSING && problem.waiting() == 20));
        // waiting for their topic, they are queued, not in flight
        PublisherStats waiting = this.pool.publisher.stats();
        assertThat(waiting.queued()).isEqualTo(20);
        assertThat(waiting.inFlight()).isZero();
        // "bytes", as the contract names it
        assertThat(waiting.bytes()).isPositive().isEqualTo(waiting.queuedBytes());

        this.pool.producer().topic("late", Kind.EXISTS);
        FakeProducerPool.await("20 records taken", () -> this.pool.producer().accepted().size() == 20);
        assertThat(this.pool.publisher.stats().queued()).isZero();
        this.pool.producer().ackAll();

        for (CompletableFuture<Delivery> future : futures) {
            future.get(5, TimeUnit.SECONDS);
        }
        assertKeyOrder(this.pool.producer().log());
        assertThat(this.pool.publisher.topicProblems()).isEmpty();
    }

    @Test
    void aCompletionStageThatInterruptsTheWorkerLeavesItIdleAndDelivering() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> producer.topic("secret", Kind.NOT_AUTHORIZED)).start();
        // a failure the worker decides itself completes the future on the worker, which runs the stage:
        // one that restores an interrupt it caught, as code that waited on something does
        AtomicReference<Thread> interrupted = new AtomicReference<>();
        for (int attempt = 0; attempt < 20 && interrupted.get() == null; attempt++) {
            CompletableFuture<Delivery> refused = this.pool.publisher.publish(KafkaMessage.of("secret", "k", "v"));
            // a stage added after the worker failed the future runs here instead: then another record
            refused.whenComplete((delivery, failure) -> {
                if (Thread.currentThread().getName().contains("-worker-")) {
                    interrupted.set(Thread.currentThread());
                    Thread.currentThread().interrupt();
                }
            });
            FakeProducerPool.await("failed", refused::isDone);
        }
        Thread worker = interrupted.get();
        assertThat(worker).as("the stage ran on the worker").isNotNull();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(worker.getId());
        Thread.sleep(500);
        long cpu = threads.getThreadCpuTime(worker.getId()) - cpuBefore;
        assertThat(Duration.ofNanos(cpu)).as("worker CPU in 500 ms with nothing to do").isLessThan(Duration.ofMillis(100));
        CompletableFuture<Delivery> next = this.pool.publisher.publish(KafkaMessage.of("orders", "k", "next"));
        FakeProducerPool.await("delivered", () -> {
            this.pool.producer().ackAll();
            return next.isDone();
        });
        assertThat(next).isCompleted();
    }

    @Test
    void aTopicThisClientMayNotWriteToFailsItsRecordsAtOnce() {
        this.pool = new FakeProducerPool(FakeProducerPool.config().build(), 100,
                (producer) -> producer.topic("secret", Kind.NOT_AUTHORIZED)).start();
        CompletableFuture<Delivery> future = this.pool.publisher.publish(KafkaMessage.of("secret", "k", "v"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
            .withMessageContaining("not authorized");
        assertThat(this.pool.publisher.stats().failed()).isEqualTo(1);
    }

    @Test
    void aFullProducerBufferPausesTheLaneUntilAnswersMakeRoom() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 3, (producer) -> {
        }).start();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(this.pool.publisher.publish(KafkaMessage.of("orders", "k", "v" + i)));
        }
        while (!futures.get(futures.size() - 1).isDone()) {
            FakeProducerPool.await("the buffer to fill", () -> this.pool.producer().unansweredCount() > 0
                    || futures.get(futures.size() - 1).isDone());
            this.pool.producer().ackAll();
        }
        for (CompletableFuture<Delivery> future : futures) {
            assertThat(future.get(5, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        }
        assertKeyOrder(this.pool.producer().log());
    }

    @Test
    void aRecordThatExpiresInsideTheProducerHoldsBackOnlyTheNewerRecordsOfItsKey() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).retryInterval(Duration.ofMillis(300))
            .build(), 100, (producer) -> {
            }).start();
        CompletableFuture<Delivery> a1 = this.pool.publisher.publish(KafkaMessage.of("orders", "a", "a1"));
        FakeProducerPool.await("a1 taken", () -> this.pool.producer().accepted().size() == 1);
        this.pool.producer().expire((record) -> true, new TimeoutException("Expiring 1 record(s)"));
        CompletableFuture<Delivery> a2 = this.pool.publisher.publish(KafkaMessage.of("orders", "a", "a2"));
        CompletableFuture<Delivery> b1 = this.pool.publisher.publish(KafkaMessage.of("orders", "b", "b1"));

        FakeProducerPool.await("b1 sent while a waits", () -> this.pool.producer().accepted().size() == 2);
        assertThat(FakeProducer.text(this.pool.producer().accepted().get(1).value())).isEqualTo("b1");
        this.pool.producer().ackAll();
        assertThat(b1.get(5, TimeUnit.SECONDS)).isNotNull();

        FakeProducerPool.await("a1 and a2 re-sent", () -> this.pool.producer().accepted().size() == 4);
        this.pool.producer().ackAll();
        assertThat(a1.get(5, TimeUnit.SECONDS).attempts()).isEqualTo(2);
        assertThat(a2.get(5, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        assertKeyOrder(this.pool.producer().log());
    }

    /**
     * The one case the README names where per-key order breaks: the producer already holds a
     * newer record of the key when an older one expires, and the broker takes the newer one first.
     */
    @Test
    void anExpiredRecordIsWrittenAfterANewerRecordOfItsKeyThatTheProducerAlreadyHeld() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100, (producer) -> {
        }).start();
        CompletableFuture<Delivery> a1 = this.pool.publisher.publish(KafkaMessage.of("orders", "a", "a1"));
        CompletableFuture<Delivery> a2 = this.pool.publisher.publish(KafkaMessage.of("orders", "a", "a2"));
        FakeProducerPool.await("both taken", () -> this.pool.producer().accepted().size() == 2);

        this.pool.producer().expire((record) -> "a1".equals(FakeProducer.text(record.value())),
                new TimeoutException("Expiring 1 record(s)"));
        this.pool.producer().ack(1);
        FakeProducerPool.await("a1 re-sent", () -> this.pool.producer().accepted().size() == 3);
        this.pool.producer().ackAll();

        a1.get(5, TimeUnit.SECONDS);
        a2.get(5, TimeUnit.SECONDS);
        List<String> written = this.pool.producer().log().values().iterator().next().stream()
            .map((record) -> FakeProducer.text(record.value()))
            .toList();
        assertThat(written).containsExactly("a2", "a1");
    }

    @Test
    void aWorkerThatDiesIsReplacedKeepsItsRecordAndIsCounted() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100, (producer) -> {
        });
        this.pool.start();
        AtomicBoolean once = new AtomicBoolean();
        this.pool.producer().throwOnSend(
                (record) -> "boom".equals(FakeProducer.text(record.value())) && once.compareAndSet(false, true),
                new OutOfMemoryError("injected"));
        CompletableFuture<Delivery> boom = this.pool.publisher.publish(KafkaMessage.of("orders", "k", "boom"));
        FakeProducerPool.await("the worker to die", () -> this.pool.publisher.stats().workerRestarts() >= 1);
        CompletableFuture<Delivery> after = this.pool.publisher.publish(KafkaMessage.of("orders", "k", "after"));

        FakeProducerPool.await("both taken", () -> this.pool.producer().accepted().size() == 2);
        this.pool.producer().ackAll();

        assertThat(boom.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(after.get(5, TimeUnit.SECONDS)).isNotNull();
        assertKeyOrder(this.pool.producer().log());
        PublisherStats stats = this.pool.publisher.stats();
        assertThat(stats.workers()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.workerRestarts()).isGreaterThanOrEqualTo(1);
        FakeProducerPool.await("the successor recovered", () -> this.pool.publisher.workerFailures().isEmpty());
    }

    @Test
    void aRecordThatKillsTheWorkerThreeTimesFailsAndTheLaneGoesOn() throws Exception {
        this.pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100, (producer) -> {
        });
        this.pool.start();
        this.pool.producer().throwOnSend((record) -> "poison".equals(FakeProducer.text(record.value())),
                new IllegalStateException("a bug"));
        CompletableFuture<Delivery> poison = this.pool.publisher.publish(KafkaMessage.of("orders", "k", "poison"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> poison.get(5, TimeUnit.SECONDS))
            .withMessageContaining("made the worker fail 3 times");
        CompletableFuture<Delivery> next = this.pool.publisher.publish(KafkaMessage.of("orders", "k", "next"));
        FakeProducerPool.await("next taken", () -> this.pool.producer().accepted().size() == 1);
        this.pool.producer().ackAll();
        assertThat(next.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(this.pool.publisher.stats().workerRestarts()).isEqualTo(3);
    }

    /** Within each partition, the records of each key appear in the order of their values' numbers. */
    static void assertKeyOrder(Map<TopicPartition, List<ProducerRecord<byte[], byte[]>>> log) {
        for (List<ProducerRecord<byte[], byte[]>> partition : log.values()) {
            Map<String, Integer> last = new java.util.HashMap<>();
            for (ProducerRecord<byte[], byte[]> record : partition) {
                String value = FakeProducer.text(record.value());
                String digits = value.replaceAll("\\D", "");
                if (digits.isEmpty()) {
                    continue;
                }
                int number = Integer.parseInt(digits);
                Integer previous = last.put(FakeProducer.text(record.key()), number);
                assertThat(previous == null || previous < number).as("order of key %s: %s after %s",
                        FakeProducer.text(record.key()), number, previous).isTrue();
            }
        }
    }

}
