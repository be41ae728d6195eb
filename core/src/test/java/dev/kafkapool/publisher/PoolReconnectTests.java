package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PooledKafkaPublisher#reconnect}: new producers without a lost, doubled or reordered record. */
class PoolReconnectTests {

    private static final ConnectionProperties RENEWED = ConnectionProperties.of(Map.of("bootstrap.servers", "b:9093"),
            "renewed certificate");

    @Test
    void whatTheOldProducerHoldsIsAnsweredThereAndNewerRecordsOfTheKeyWaitForIt() throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "old-" + i)));
            }
            FakeProducerPool.await("three records in the first producer", () -> pool.producer().unansweredCount() == 3);

            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            for (int i = 0; i < 2; i++) {
                futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "new-" + i)));
            }
            FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
            Thread.sleep(50);
            FakeProducer renewed = pool.producers.get(1);
            assertThat(renewed.accepted()).as("nothing goes to the new producer while the old one holds records of the lane")
                .isEmpty();

            pool.producer().ackAll();
            FakeProducerPool.await("the newer records on the new producer", () -> renewed.unansweredCount() == 2);
            renewed.ackAll();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }
            FakeProducerPool.await("the old producer closed", () -> pool.producer().isClosed());
            assertThat(values(pool.producer().accepted())).containsExactly("old-0", "old-1", "old-2");
            assertThat(values(renewed.accepted())).containsExactly("new-0", "new-1");
            assertThat(pool.publisher.stats().published()).isEqualTo(5);
            assertThat(pool.publisher.connection()).isSameAs(RENEWED);
        }
    }

    @Test
    void recordsTheOldProducerGivesBackAreSentOnTheNewOneBeforeNewerRecordsOfTheirKey() throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "1")));
            futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "2")));
            FakeProducerPool.await("two records in the first producer", () -> pool.producer().unansweredCount() == 2);

            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "3")));
            FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
            // the old certificate is refused now: what the old producer held expires there
            pool.producer().expire((record) -> true, new TimeoutException("Expiring 2 record(s): delivery.timeout.ms"));

            FakeProducer renewed = pool.producers.get(1);
            FakeProducerPool.await("all three on the new producer", () -> renewed.unansweredCount() == 3);
            renewed.ackAll();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }
            assertThat(values(renewed.accepted())).containsExactly("1", "2", "3");
            assertThat(futures.get(0).get().attempts()).isEqualTo(2);
            assertThat(pool.publisher.stats().inFlight()).isZero();
            assertThat(pool.publisher.stats().published()).isEqualTo(3);
        }
    }

    @Test
    void recordsAnOldProducerTheBrokersNowRefuseCannotDeliverGoOutOnTheNewOneWithoutWaitingForItsTimeout()
            throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "held-" + i)));
            }
            FakeProducerPool.await("three records in the first producer", () -> pool.producer().unansweredCount() == 3);
            // the brokers were restarted trusting only the new CA: the old producer's connections are refused
            pool.producer().disconnect();
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "new")));
            FakeProducerPool.await("the refused producer closed", () -> pool.producer().isClosed());
            FakeProducer renewed = pool.producers.get(1);
            FakeProducerPool.await("all four on the new producer", () -> renewed.unansweredCount() == 4);
            renewed.ackAll();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }
            assertThat(values(renewed.accepted())).containsExactly("held-0", "held-1", "held-2", "new");
            assertThat(pool.publisher.stats().failed()).isZero();
            assertThat(pool.publisher.stats().published()).isEqualTo(4);
        }
    }

    @Test
    void anOldProducerTheBrokersRefuseWhileOneOfItsConnectionsStaysOpenIsGivenUpToo() throws Exception {
        // a grader's expired certificate: the bootstrap connection, which resumed an earlier TLS session, stayed open
        // and answered metadata, while the leader's connection was refused every second; the records waited for the
        // old producer's delivery.timeout.ms (120 s) although the renewal reached the brokers
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.publisher.publish(KafkaMessage.of("t", "k", "held-" + i)));
            }
            FakeProducerPool.await("three records in the first producer", () -> pool.producer().unansweredCount() == 3);
            FakeProducer refused = pool.producer();
            ScheduledExecutorService brokers = Executors.newSingleThreadScheduledExecutor();
            try {
                brokers.scheduleAtFixedRate(refused::failAuthentication, 0, 200, TimeUnit.MILLISECONDS);
                pool.publisher.reconnect(RENEWED);
                FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
                FakeProducerPool.await("the refused producer closed", refused::isClosed);
            }
            finally {
                brokers.shutdownNow();
            }
            FakeProducer renewed = pool.producers.get(1);
            FakeProducerPool.await("all three on the new producer", () -> renewed.unansweredCount() == 3);
            renewed.ackAll();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }
            assertThat(values(renewed.accepted())).containsExactly("held-0", "held-1", "held-2");
            assertThat(pool.publisher.stats().failed()).isZero();
        }
    }

    @Test
    void anOldProducerWithARequestOnTheWireIsWaitedForThoughTheBrokersRefuseIt() throws Exception {
        // a request a leader holds (acks=all while a refused follower is away) may yet be written: giving the producer
        // up then writes its records twice
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            CompletableFuture<Delivery> held = pool.publisher.publish(KafkaMessage.of("t", "k", "held"));
            FakeProducerPool.await("the record in the first producer", () -> pool.producer().unansweredCount() == 1);
            FakeProducer old = pool.producer();
            old.requestsInFlight(1);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            old.failAuthentication();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RefusedProducers.STILL_NANOS + RefusedProducers.IDLE_NANOS) + 1_000);
            assertThat(old.isClosed()).as("refused, but a request waits for its answer").isFalse();

            old.ackAll();
            held.get(5, TimeUnit.SECONDS);
            assertThat(values(old.accepted())).containsExactly("held");
            assertThat(pool.producers.get(1).accepted()).isEmpty();
        }
    }

    @Test
    void anOldProducerThatKeepsRetryingAnErrorTheBrokersAnswerAtOnceIsWaitedFor() throws Exception {
        // NOT_ENOUGH_REPLICAS while a follower restarts: answered in a millisecond, retried after a backoff, so
        // rarely seen with a request on the wire; giving it up would send its records again on the new producer (g52s)
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            CompletableFuture<Delivery> held = pool.publisher.publish(KafkaMessage.of("t", "k", "retried"));
            FakeProducerPool.await("the record in the first producer", () -> pool.producer().unansweredCount() == 1);
            FakeProducer old = pool.producer();
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            long until = System.nanoTime() + RefusedProducers.STILL_NANOS + 2 * RefusedProducers.IDLE_NANOS
                    + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < until) {
                old.retried();
                Thread.sleep(50);
            }
            assertThat(old.isClosed()).as("retrying, so talking to brokers that take it").isFalse();

            old.ackAll();
            held.get(5, TimeUnit.SECONDS);
            assertThat(values(old.accepted())).containsExactly("retried");
            assertThat(pool.producers.get(1).accepted()).isEmpty();
        }
    }

    @Test
    void anOldProducerThatIsSlowToAnswerButStillConnectedIsWaitedFor() throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            CompletableFuture<Delivery> held = pool.publisher.publish(KafkaMessage.of("t", "k", "slow"));
            FakeProducerPool.await("the record in the first producer", () -> pool.producer().unansweredCount() == 1);
            // a slow broker holds the request: it is on the wire
            pool.producer().requestsInFlight(1);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            // still connected, the request unanswered: given its time, however long that is
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RefusedProducers.STILL_NANOS + RefusedProducers.IDLE_NANOS) + 1_000);

            assertThat(pool.producer().isClosed()).isFalse();
            pool.producer().ackAll();
            held.get(5, TimeUnit.SECONDS);
            FakeProducerPool.await("the old producer closed once the lane moved", () -> pool.producer().isClosed());
            assertThat(values(pool.producer().accepted())).containsExactly("slow");
            assertThat(pool.producers.get(1).accepted()).isEmpty();
        }
    }

    @Test
    void anOldProducerThatSendsNothingOfWhatItHoldsIsGivenUpAndEveryTopicGoesOnWithinSeconds() throws Exception {
        // a grader: a renewal while the old producer held records of a topic just deleted (no metadata, nothing sent):
        // every lane waited for its delivery.timeout.ms, two minutes without a delivery to any topic
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                }).start()) {
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.publisher.publish(KafkaMessage.of("deleted", "k", "held-" + i)));
            }
            FakeProducerPool.await("three records in the first producer", () -> pool.producer().unansweredCount() == 3);
            FakeProducer old = pool.producer();
            long started = System.nanoTime();
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the worker told to move", pool.publisher::isSwitchingProducers);
            futures.add(pool.publisher.publish(KafkaMessage.of("other", "k", "after")));
            await("the old producer given up", Duration.ofSeconds(15), old::isClosed);

            FakeProducer renewed = pool.producers.get(1);
            FakeProducerPool.await("all four on the new producer", () -> renewed.unansweredCount() == 4);
            renewed.ackAll();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(5, TimeUnit.SECONDS);
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
            // in their key's order; the other topic's record is not held back for them
            assertThat(values(renewed.accepted())).containsExactlyInAnyOrder("held-0", "held-1", "held-2", "after")
                .filteredOn((value) -> value.startsWith("held")).containsExactly("held-0", "held-1", "held-2");
        }
    }

    private static void await(String what, Duration within, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, within).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aSecondReconnectBeforeTheFirstIsDoneMovesTheLanesToTheNewestProducers() throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(2).sharedProducer(false).build(), 100,
                (producer) -> {
                }).start()) {
            CompletableFuture<Delivery> first = pool.publisher.publish(KafkaMessage.of("t", "a", "1"));
            FakeProducerPool.await("a record sent", () -> pool.producers.stream().anyMatch((p) -> p.unansweredCount() == 1));
            pool.publisher.reconnect(RENEWED);
            pool.publisher.reconnect(ConnectionProperties.of(Map.of(), "renewed again"));
            FakeProducerPool.await("six producers", () -> pool.producers.size() == 6);
            pool.producers.subList(0, 2).forEach(FakeProducer::ackAll);
            first.get(5, TimeUnit.SECONDS);
            FakeProducerPool.await("the four replaced producers closed",
                    () -> pool.producers.subList(0, 4).stream().allMatch(FakeProducer::isClosed));

            CompletableFuture<Delivery> second = pool.publisher.publish(KafkaMessage.of("t", "a", "2"));
            FakeProducerPool.await("the newest producers take it",
                    () -> pool.producers.subList(4, 6).stream().anyMatch((p) -> p.unansweredCount() == 1));
            pool.producers.subList(4, 6).forEach(FakeProducer::ackAll);
            second.get(5, TimeUnit.SECONDS);
            assertThat(pool.producers.subList(2, 4)).allSatisfy((p) -> assertThat(p.accepted()).isEmpty());
        }
    }

    @Test
    void aRecordWaitingWhileNoBrokerAnswersIsLoggedAsNotSentYetAndNotAsAMissingTopic() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PooledKafkaPublisher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1)
            .retryInterval(Duration.ofMillis(50))
            .build(), 100, (producer) -> producer.unreachable(true)).start()) {
            CompletableFuture<Delivery> waiting = pool.publisher.publish(KafkaMessage.of("t", "k", "1"));

            FakeProducerPool.await("a retry logged", () -> log.list.stream()
                .anyMatch((event) -> event.getFormattedMessage().contains("Delivery to topic 't'")));
            pool.publisher.shutdown(Duration.ZERO);
            // it read "it waited for topic 't' the cluster has not given its metadata yet"
            assertThatThrownBy(waiting::get).hasMessageContaining("it was held for topic 't': the cluster has not given "
                    + "its metadata yet (the log and health say why");
        }
        finally {
            logger.detachAppender(log);
        }
        // it read "failed (attempt 0) ... Topic t not present in metadata after 0 ms": a missing topic, to an operator
        assertThat(log.list).filteredOn((event) -> event.getFormattedMessage().contains("Delivery to topic 't'"))
            .first()
            .satisfies((event) -> assertThat(event.getFormattedMessage()).contains("waits: not sent yet, retrying")
                .contains("no metadata for the topic yet: the cluster has not answered for it")
                .doesNotContain("attempt 0"));
    }

    @Test
    void theLanesStayOnTheOldProducersWhileTheNewOnesCannotReachTheBrokersAndMoveOnceTheyCan() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = poolThatDelivered(unreachable)) {

            // a certificate the brokers do not accept: the new producer never learns the topic
            unreachable.set(true);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
            FakeProducer renewed = pool.producers.get(1);
            // past the 5 s after which the lanes used to move anyway, and stop delivering
            Thread.sleep(5_500);
            CompletableFuture<Delivery> meanwhile = pool.publisher.publish(KafkaMessage.of("t", "k", "2"));
            FakeProducerPool.await("the record on the old producer", () -> pool.producer().unansweredCount() == 1);
            pool.producer().ackAll();
            meanwhile.get(5, TimeUnit.SECONDS);
            assertThat(pool.publisher.isSwitchingProducers()).as("the lane told to move").isFalse();
            assertThat(renewed.accepted()).isEmpty();

            // the brokers take the new certificate now (renewed trust, say)
            renewed.unreachable(false);
            FakeProducerPool.await("the old producer closed once the lane moved", () -> pool.producer().isClosed());
            CompletableFuture<Delivery> after = pool.publisher.publish(KafkaMessage.of("t", "k", "3"));
            FakeProducerPool.await("the record on the new producer", () -> renewed.unansweredCount() == 1);
            renewed.ackAll();
            after.get(5, TimeUnit.SECONDS);
            assertThat(values(pool.producer().accepted())).containsExactly("1", "2");
            assertThat(values(renewed.accepted())).containsExactly("3");
        }
    }

    @Test
    void aRenewalTheBrokersRefuseIsNotMovedToWhileARestartingBrokerLeavesTheOldProducersWithoutMetadata()
            throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = poolThatDelivered(unreachable)) {
            FakeProducer current = pool.producer();

            // the broker restarts: the working producer has no metadata for a while, and the renewal is refused
            current.unreachable(true);
            unreachable.set(true);
            FakeProducer refused = renewalHeldBack(pool, current);

            // the broker is back: the old producer delivers again, the refused one is still waited for
            current.unreachable(false);
            CompletableFuture<Delivery> meanwhile = pool.publisher.publish(KafkaMessage.of("t", "k", "2"));
            FakeProducerPool.await("the record on the old producer", () -> current.unansweredCount() == 1);
            current.ackAll();
            meanwhile.get(5, TimeUnit.SECONDS);
            assertThat(refused.accepted()).isEmpty();

            refused.unreachable(false);
            FakeProducerPool.await("the old producer closed once the lane moved", current::isClosed);
            assertThat(values(current.accepted())).containsExactly("1", "2");
        }
    }

    @Test
    void beforeAnyDeliveryARenewalIsMovedToOnlyOnceItsProducersKnowAnAllowListedTopic() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1)
            .allowedTopics(Set.of("t")).build(), 100, (producer) -> producer.unreachable(unreachable.get())).start()) {
            FakeProducer current = pool.producer();

            unreachable.set(true);
            FakeProducer refused = renewalHeldBack(pool, current);

            CompletableFuture<Delivery> first = pool.publisher.publish(KafkaMessage.of("t", "k", "1"));
            FakeProducerPool.await("the record on the old producer", () -> current.unansweredCount() == 1);
            current.ackAll();
            first.get(5, TimeUnit.SECONDS);

            refused.unreachable(false);
            FakeProducerPool.await("the old producer closed once the lane moved", current::isClosed);
        }
    }

    @Test
    void withNoTopicToAskAboutARenewalIsMovedToOnlyOnceABrokerAnsweredItsProducers() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> producer.unreachable(unreachable.get())).start()) {
            FakeProducer current = pool.producer();

            // no delivery yet, no allow-list: a certificate the brokers refuse must not take the workers
            unreachable.set(true);
            FakeProducer refused = renewalHeldBack(pool, current);

            refused.unreachable(false);
            FakeProducerPool.await("the old producer closed once the lane moved", current::isClosed);
        }
    }

    @Test
    void aRenewalWhoseOnlyDeliveredTopicWasDeletedMovesOnceItsProducersKnowAnAllowListedOne() throws Exception {
        AtomicBoolean deleted = new AtomicBoolean();
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1)
            .allowedTopics(Set.of("t", "u")).build(), 100,
                (producer) -> producer.topic("t", deleted.get() ? FakeProducer.Kind.MISSING : FakeProducer.Kind.EXISTS))
            .start()) {
            FakeProducer current = pool.producer();
            CompletableFuture<Delivery> first = pool.publisher.publish(KafkaMessage.of("t", "k", "1"));
            FakeProducerPool.await("the record sent", () -> current.unansweredCount() == 1);
            current.ackAll();
            first.get(5, TimeUnit.SECONDS);

            // t is deleted: neither the old producer nor the new one knows it; u proves the new one reaches the brokers
            deleted.set(true);
            current.topic("t", FakeProducer.Kind.MISSING);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("the old producer closed once the lane moved", current::isClosed);
            assertThat(pool.publisher.reconnectWaiting()).isZero();
        }
    }

    @Test
    void aNewerReconnectSupersedesOneWhoseProducersNeverReachedTheBrokersAndClosesThem() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = poolThatDelivered(unreachable)) {

            unreachable.set(true);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
            Thread.sleep(100);
            unreachable.set(false);
            pool.publisher.reconnect(ConnectionProperties.of(Map.of(), "fixed certificate"));
            FakeProducerPool.await("a third producer", () -> pool.producers.size() == 3);
            FakeProducer refused = pool.producers.get(1);
            FakeProducer fixed = pool.producers.get(2);
            FakeProducerPool.await("the refused producer closed", refused::isClosed);
            FakeProducerPool.await("the first producer closed once the lane moved", () -> pool.producer().isClosed());

            CompletableFuture<Delivery> after = pool.publisher.publish(KafkaMessage.of("t", "k", "2"));
            FakeProducerPool.await("the record on the newest producer", () -> fixed.unansweredCount() == 1);
            fixed.ackAll();
            after.get(5, TimeUnit.SECONDS);
            assertThat(refused.accepted()).isEmpty();
            assertThat(pool.publisher.stats().published()).isEqualTo(2);
        }
    }

    @Test
    void theConnectionInUseIsTheOneTheLanesDeliverWithNotARenewalTheBrokersRefuse() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = poolThatDelivered(unreachable)) {
            ConnectionProperties initial = awaitRefusedRenewal(pool, unreachable);
            assertThat(pool.publisher.reconnectWaiting()).isPositive();
            assertThat(pool.publisher.connectionInUse()).isSameAs(initial);

            // a newer renewal supersedes the refused one: the lanes are still on the first connection
            ConnectionProperties newer = ConnectionProperties.of(Map.of(), "a newer certificate");
            pool.publisher.reconnect(newer);
            FakeProducerPool.await("a third producer", () -> pool.producers.size() == 3);
            assertThat(pool.publisher.connectionInUse()).isSameAs(initial);

            pool.producers.get(2).unreachable(false);
            FakeProducerPool.await("the first producer closed once the lane moved", () -> pool.producer().isClosed());
            assertThat(pool.publisher.connectionInUse()).isSameAs(newer);
        }
    }

    @Test
    void aReaderInTheMiddleOfAReconnectSeesTheConnectionTheWorkersDeliverWith() throws Exception {
        // health and the expiry gauge read it while reconnect makes producers (no lock): a reader that saw the
        // renewal then made the starter forget the connection the workers still used
        java.util.concurrent.atomic.AtomicReference<FakeProducerPool> self = new java.util.concurrent.atomic.AtomicReference<>();
        List<ConnectionProperties> seenWhileMaking = new CopyOnWriteArrayList<>();
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> {
                    producer.unreachable(unreachable.get());
                    if (self.get() != null) {
                        seenWhileMaking.add(self.get().publisher.connectionInUse());
                    }
                }).start()) {
            self.set(pool);
            ConnectionProperties initial = pool.publisher.connectionInUse();
            unreachable.set(true);
            pool.publisher.reconnect(RENEWED);
            FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
            ConnectionProperties newer = ConnectionProperties.of(Map.of(), "a newer certificate");
            pool.publisher.reconnect(newer);
            FakeProducerPool.await("a third producer", () -> pool.producers.size() == 3);

            assertThat(seenWhileMaking).containsExactly(initial, initial);
            assertThat(pool.publisher.connectionInUse()).isSameAs(initial);
        }
    }

    @Test
    void theConnectionInUseIsToldAtOnceWhileShutdownDrains() throws Exception {
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = poolThatDelivered(unreachable)) {
            ConnectionProperties initial = awaitRefusedRenewal(pool, unreachable);
            // a record the old producer holds without an answer: the drain waits for it
            pool.publisher.publish(KafkaMessage.of("t", "k", "2"));
            FakeProducerPool.await("the record on the old producer", () -> pool.producer().unansweredCount() == 1);
            // a drain that goes on until the record is answered (30 s), so that a stalled reader still reads during it
            Thread drain = new Thread(() -> pool.publisher.shutdown(Duration.ofSeconds(30)));
            drain.start();
            Thread.sleep(300);
            assertThat(drain.isAlive()).as("still draining").isTrue();

            // a metrics scrape reads it during the drain (it took the lock the drain holds)
            CompletableFuture<ConnectionProperties> read = new CompletableFuture<>();
            new Thread(() -> read.complete(pool.publisher.connectionInUse())).start();
            assertThat(read.get(10, TimeUnit.SECONDS)).isSameAs(initial);
            assertThat(drain.isAlive()).as("read while the drain waited").isTrue();
            pool.producer().ackAll();
            drain.join();
        }
    }

    /**
     * Reconnects to {@link #RENEWED} with producers the brokers refuse from then on, and waits for
     * the refused producer; returns the connection in use before, which the lanes stay on.
     */
    /**
     * Renews the connection while its producers cannot reach the brokers, and checks a second later
     * that the workers stay: the working producer open, the renewal waiting. Returns the refused producer.
     */
    private static FakeProducer renewalHeldBack(FakeProducerPool pool, FakeProducer current) throws InterruptedException {
        pool.publisher.reconnect(RENEWED);
        FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
        FakeProducer refused = pool.producers.get(1);
        Thread.sleep(1_000);
        assertThat(current.isClosed()).as("the working producer closed").isFalse();
        assertThat(pool.publisher.reconnectWaiting()).isPositive();
        return refused;
    }

    private static ConnectionProperties awaitRefusedRenewal(FakeProducerPool pool, AtomicBoolean unreachable) {
        ConnectionProperties initial = pool.publisher.connectionInUse();
        unreachable.set(true);
        pool.publisher.reconnect(RENEWED);
        FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);
        return initial;
    }

    @Test
    void aStormOfReconnectsSomeRefusedLosesDoublesAndReordersNothing() throws Exception {
        Random random = new Random(17);
        AtomicBoolean unreachable = new AtomicBoolean();
        try (FakeProducerPool pool = new FakeProducerPool(
                FakeProducerPool.config().workers(2).sharedProducer(false).build(), 1000,
                (producer) -> producer.unreachable(unreachable.get())).start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread broker = new Thread(() -> {
                while (running.get()) {
                    pool.producers.forEach(FakeProducer::ackAll);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            });
            broker.start();
            List<CompletableFuture<Delivery>> futures = new CopyOnWriteArrayList<>();
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    futures.add(pool.publisher.publish(KafkaMessage.of("t", "k" + (i % 20), Integer.toString(i))));
                    if (i % 50 == 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                }
            });
            publisher.start();
            for (int i = 0; i < 30; i++) {
                unreachable.set(i < 29 && random.nextInt(10) < 4);
                pool.publisher.reconnect(ConnectionProperties.of(Map.of(), "renewal " + i));
                Thread.sleep(random.nextInt(30));
            }
            publisher.join();
            for (CompletableFuture<Delivery> future : futures) {
                future.get(20, TimeUnit.SECONDS);
            }
            running.set(false);
            broker.join();

            Map<String, List<Integer>> byKey = new HashMap<>();
            for (FakeProducer producer : pool.producers) {
                // a key goes to one partition of a producer: its records there are in the order the broker took them
                List<ProducerRecord<byte[], byte[]>> logged = new ArrayList<>();
                producer.log().values().forEach(logged::addAll);
                for (ProducerRecord<byte[], byte[]> record : logged) {
                    byKey.computeIfAbsent(FakeProducer.text(record.key()), (key) -> new ArrayList<>())
                        .add(Integer.parseInt(FakeProducer.text(record.value())));
                }
            }
            assertThat(byKey.values().stream().mapToInt(List::size).sum()).as("records in the broker's logs")
                .isEqualTo(5_000);
            // producers in the order they were made, each one's records in order: a key's records never go back
            byKey.forEach((key, values) -> assertThat(values).as(key).isSorted().doesNotHaveDuplicates());
            // closed by the handover's own thread once the lanes moved: awaited, not read at once
            List<FakeProducer> older = pool.producers.subList(0, pool.producers.size() - 2);
            FakeProducerPool.await("every producer but the newest closed, those sent to and superseded ones",
                    () -> older.stream().allMatch(FakeProducer::isClosed));
            assertThat(older).as("producers no lane ever sent to (refused ones, superseded)")
                .filteredOn((producer) -> producer.accepted().isEmpty()).isNotEmpty();
            assertThat(pool.publisher.stats().published()).isEqualTo(5_000);
        }
    }

    /** A one-worker pool whose producers made while {@code unreachable} is set never reach the brokers; "1" delivered. */
    private static FakeProducerPool poolThatDelivered(AtomicBoolean unreachable) throws Exception {
        FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100,
                (producer) -> producer.unreachable(unreachable.get())).start();
        CompletableFuture<Delivery> first = pool.publisher.publish(KafkaMessage.of("t", "k", "1"));
        FakeProducerPool.await("the first record sent", () -> pool.producer().unansweredCount() == 1);
        pool.producer().ackAll();
        first.get(5, TimeUnit.SECONDS);
        return pool;
    }

    @Test
    void producersOfAReconnectNeverShareAClientIdWithTheOnesTheyReplace() throws Exception {
        try (FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(2).sharedProducer(false).build(), 100,
                (producer) -> {
                }).start()) {
            pool.publisher.reconnect(RENEWED);
            pool.publisher.reconnect(ConnectionProperties.of(Map.of(), "renewed again"));
            FakeProducerPool.await("six producers", () -> pool.producers.size() == 6);
            // the old ones may still be answering what they hold: JMX beans and client metrics key on the id
            assertThat(pool.clientIds).containsExactly("test-pool-0", "test-pool-1", "test-pool-0.1", "test-pool-1.1",
                    "test-pool-0.2", "test-pool-1.2");
        }
    }

    @Test
    void aShutdownDuringTheSwitchClosesEveryProducerAndEndsTheHandover() throws Exception {
        FakeProducerPool pool = new FakeProducerPool(FakeProducerPool.config().workers(1).build(), 100, (producer) -> {
        }).start();
        CompletableFuture<Delivery> held = pool.publisher.publish(KafkaMessage.of("t", "k", "held"));
        FakeProducerPool.await("a record in the first producer", () -> pool.producer().unansweredCount() == 1);
        pool.publisher.reconnect(RENEWED);
        FakeProducerPool.await("a second producer", () -> pool.producers.size() == 2);

        pool.publisher.shutdown(Duration.ZERO);
        assertThat(pool.producers).allSatisfy((producer) -> assertThat(producer.isClosed()).isTrue());
        assertThat(held).isCompletedExceptionally();
        FakeProducerPool.await("the handover thread ended", () -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch((thread) -> thread.getName().startsWith("test-pool-handover")));
    }

    @Test
    void aPoolNotYetStartedTakesTheNewConnectionWhenItStarts() {
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(FakeProducerPool.config().workers(1).build())
            .producerSupplier((properties) -> {
                seen.add(properties);
                return new FakeProducer(10);
            })
            .build();
        publisher.reconnect(RENEWED);
        publisher.start();
        try {
            assertThat(seen).singleElement()
                .satisfies((properties) -> assertThat(properties).containsEntry("bootstrap.servers", "b:9093"));
        }
        finally {
            publisher.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aStartThatCannotMakeEveryProducerClosesTheOnesItMadeAndCanBeTriedAgain() throws Exception {
        List<FakeProducer> made = new CopyOnWriteArrayList<>();
        AtomicBoolean refuseSecond = new AtomicBoolean(true);
        PooledKafkaPublisher publisher = PooledKafkaPublisher
            .builder(FakeProducerPool.config().workers(2).sharedProducer(false).build())
            .producerSupplier((properties) -> {
                if (refuseSecond.get() && String.valueOf(properties.get("client.id")).endsWith("-1")) {
                    throw new KafkaException("no second producer");
                }
                FakeProducer producer = new FakeProducer(10);
                made.add(producer);
                return producer;
            })
            .build();
        try {
            assertThatExceptionOfType(KafkaException.class).isThrownBy(publisher::start);
            assertThat(made).singleElement().satisfies((first) -> assertThat(first.isClosed()).isTrue());
            publisher.shutdown(Duration.ZERO);
            assertThat(made).singleElement().satisfies((first) -> assertThat(first.isClosed()).isTrue());
            // the supplier recovered: the next start makes both, and they deliver
            refuseSecond.set(false);
            publisher.start();
            assertThat(made).hasSize(3);
            CompletableFuture<Delivery> future = publisher.publish(KafkaMessage.of("t", "k", "v"));
            FakeProducerPool.await("sent", () -> made.stream().anyMatch((p) -> p.unansweredCount() == 1));
            made.forEach(FakeProducer::ackAll);
            assertThat(future.get(5, TimeUnit.SECONDS).topic()).isEqualTo("t");
        }
        finally {
            publisher.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aNullPartIsRefusedWhereItIsGivenNamingIt() {
        PooledKafkaPublisher.Builder builder = PooledKafkaPublisher.builder(FakeProducerPool.config().build());
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.connection(null))
            .withMessage("connection");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.producerSupplier(null))
            .withMessage("producerSupplier");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.metricsTracker(null))
            .withMessage("metricsTracker");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.undeliveredHandler(null))
            .withMessage("undeliveredHandler");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.failureListener(null))
            .withMessage("failureListener");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.messageInterceptor(null))
            .withMessage("messageInterceptor");
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> PooledKafkaPublisher.builder(null))
            .withMessage("config");
        PooledKafkaPublisher publisher = FakeProducerPool.builder(FakeProducerPool.config().build(),
                new CopyOnWriteArrayList<>()).build();
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> publisher.reconnect(null))
            .withMessage("next");
        assertThat(publisher.connection()).isNotNull();
    }

    @Test
    void whenNoProducerCanBeMadeTheCurrentOnesGoOn() throws Exception {
        List<FakeProducer> made = new CopyOnWriteArrayList<>();
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(FakeProducerPool.config().workers(1).build())
            .producerSupplier((properties) -> {
                if ("b:9093".equals(properties.get("bootstrap.servers"))) {
                    throw new KafkaException("Failed to construct kafka producer");
                }
                FakeProducer producer = new FakeProducer(10);
                made.add(producer);
                return producer;
            })
            .build();
        publisher.start();
        try {
            ConnectionProperties before = publisher.connection();
            assertThatExceptionOfType(KafkaException.class).isThrownBy(() -> publisher.reconnect(RENEWED));
            assertThat(publisher.connection()).isSameAs(before);
            CompletableFuture<Delivery> future = publisher.publish(KafkaMessage.of("t", "k", "v"));
            FakeProducerPool.await("sent on the current producer", () -> made.get(0).unansweredCount() == 1);
            made.get(0).ackAll();
            assertThat(future.get(5, TimeUnit.SECONDS).topic()).isEqualTo("t");
        }
        finally {
            publisher.shutdown(Duration.ZERO);
        }
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map((record) -> FakeProducer.text(record.value())).toList();
    }

}
