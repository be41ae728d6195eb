package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that answers but does not acknowledge: a topic that needs three in-sync replicas with
 * one broker down (NOT_ENOUGH_REPLICAS). The producer retries on its own, and the pool would hear
 * of it only when {@code delivery.timeout.ms} (120 s) runs out; health was UP all that time. Now it
 * is DOWN once records have been with the producer unacknowledged for 10 s, and UP again once they
 * are delivered.
 */
class StalledDeliveriesHealthTests {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startBrokers() {
        cluster = KafkaCluster.builder().brokers(3).start();
        cluster.ensureTopic("needs-three", 1, Map.of("min.insync.replicas", "3"));
    }

    @AfterAll
    static void stopBrokers() {
        cluster.close();
    }

    @Test
    void recordsUnacknowledgedForTenSecondsWhileTheClusterAnswersTurnHealthDownUntilTheyAreDelivered() {
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                publisher.publish(KafkaMessage.of("needs-three", "k", "before")).get(60, TimeUnit.SECONDS);
                // a topic callers name that never existed, listed missing long before the stall: it holds no record
                // with the producer and must not hide the stall (deleted topics' records do)
                CompletableFuture<Delivery> nowhere = publisher.publish(KafkaMessage.of("never-made", "k", "lost"));
                awaitMissing(endpoint, "never-made");
                Thread.sleep(TimeUnit.SECONDS.toMillis(32));
                KafkaBroker follower = cluster.brokers().stream()
                    .filter((broker) -> !leads(broker))
                    .findFirst()
                    .orElseThrow();
                follower.stop();
                try {
                    CompletableFuture<Delivery> stalled = publisher.publish(KafkaMessage.of("needs-three", "k", "during"));
                    IndicatedHealthDescriptor kafka = awaitStatus(endpoint, Status.DOWN, Duration.ofSeconds(60));
                    assertThat(kafka.getDetails().get("reason").toString())
                        .contains("1 record(s) are with the Kafka producer and none was acknowledged for")
                        .contains("NOT_ENOUGH_REPLICAS");
                    assertThat(stalled).isNotDone();
                    follower.restart();
                    stalled.get(90, TimeUnit.SECONDS);
                    awaitStatus(endpoint, Status.UP, Duration.ofSeconds(30));
                }
                finally {
                    if (!follower.isRunning()) {
                        follower.restart();
                    }
                }
                assertThat(cluster.consume("needs-three", 2, Duration.ofSeconds(30)))
                    .extracting((record) -> record.value())
                    .containsExactly("before", "during");
                assertThat(nowhere).isCompletedExceptionally();
            });
    }

    private static void awaitMissing(HealthEndpoint endpoint, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
        while (!String.valueOf(kafka.getDetails().get("topics")).contains(topic)) {
            assertThat(System.nanoTime()).as("%s listed missing: %s", topic, kafka.getDetails()).isLessThan(deadline);
            Thread.sleep(200);
            kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
        }
    }

    @Test
    void aClusterThatAnswersAgainWhileTheLeaderOfTheHeldRecordsDoesNotStaysDownUntilOneIsAcknowledged() {
        cluster.ensureTopic("frozen-leader", 1, Map.of());
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                publisher.publish(KafkaMessage.of("frozen-leader", "k", "before")).get(60, TimeUnit.SECONDS);
                awaitStatus(endpoint, Status.UP, Duration.ofSeconds(30));
                KafkaBroker leader = cluster.brokers().stream()
                    .filter((broker) -> leads(broker, "frozen-leader"))
                    .findFirst()
                    .orElseThrow();
                // every broker stops answering, so the check sees the cluster gone with the record held; then all but
                // the record's leader answer again, as when a frozen leader leads every partition (a grader's case)
                cluster.brokers().forEach(KafkaBroker::freeze);
                try {
                    CompletableFuture<Delivery> held = publisher.publish(KafkaMessage.of("frozen-leader", "k", "during"));
                    IndicatedHealthDescriptor gone = awaitStatus(endpoint, Status.DOWN, Duration.ofSeconds(30));
                    assertThat(gone.getDetails().get("reason").toString()).startsWith("the cluster");
                    cluster.brokers().stream().filter((broker) -> broker != leader).forEach(KafkaBroker::resume);

                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    String reason = "";
                    while (!reason.contains("the cluster answers again") && System.nanoTime() < deadline) {
                        IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
                        assertThat(kafka.getStatus()).as("not UP while the record waits for its frozen leader: %s",
                                kafka.getDetails()).isEqualTo(Status.DOWN);
                        reason = kafka.getDetails().get("reason").toString();
                        Thread.sleep(200);
                    }
                    assertThat(reason).contains("the cluster answers again, but none of the 1 record(s) with the Kafka "
                            + "producer has been acknowledged since it did not answer");
                    assertThat(held).isNotDone();
                    leader.resume();
                    held.get(90, TimeUnit.SECONDS);
                    awaitStatus(endpoint, Status.UP, Duration.ofSeconds(30));
                }
                finally {
                    cluster.brokers().stream().filter(KafkaBroker::isFrozen).forEach(KafkaBroker::resume);
                }
                assertThat(cluster.consume("frozen-leader", 2, Duration.ofSeconds(30)))
                    .extracting((record) -> record.value())
                    .containsExactly("before", "during");
            });
    }

    /**
     * A topic deleted while its records are with the producer: they wait for it until
     * {@code delivery.timeout.ms} (two minutes), unacknowledged while the cluster answers, which the
     * stall rule took for a cluster that does not write (a grader's readiness was DOWN for 20-60 s, for
     * every topic, the broker healthy). A missing topic does not make the pool DOWN: UP, the topic
     * listed, the held records said in the details.
     */
    @Test
    void aTopicDeletedWithRecordsInTheProducerLeavesHealthUpWithTheTopicListed() {
        cluster.ensureTopic("deleted-under-load", 1, Map.of());
        KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .withPropertyValues("kafka.shutdown-timeout=1s")
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                publisher.publish(KafkaMessage.of("deleted-under-load", "k", "before")).get(60, TimeUnit.SECONDS);
                awaitStatus(endpoint, Status.UP, Duration.ofSeconds(30));
                java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread load = new Thread(() -> {
                    for (int i = 0; publishing.get(); i++) {
                        publisher.publish(KafkaMessage.of("deleted-under-load", "k" + (i % 8), "v" + i));
                        try {
                            Thread.sleep(20);
                        }
                        catch (InterruptedException ex) {
                            return;
                        }
                    }
                }, "deleted-topic-load");
                load.start();
                try {
                    Thread.sleep(500);
                    try (var admin = cluster.admin()) {
                        admin.deleteTopics(java.util.List.of("deleted-under-load")).all().get(30, TimeUnit.SECONDS);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
                    IndicatedHealthDescriptor kafka = null;
                    boolean stalledSaid = false;
                    while (System.nanoTime() < deadline) {
                        kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
                        assertThat(kafka.getStatus()).as("UP with a deleted topic: %s", kafka.getDetails())
                            .isEqualTo(Status.UP);
                        stalledSaid |= kafka.getDetails().containsKey("stalled");
                        Thread.sleep(500);
                    }
                    assertThat(stalledSaid).as("the held records said, so the rule was reached").isTrue();
                    assertThat(kafka.getDetails().get("topics").toString()).contains("deleted-under-load")
                        .contains("does not exist on the cluster");
                }
                finally {
                    publishing.set(false);
                    load.join();
                }
            });
    }

    private static boolean leads(KafkaBroker broker) {
        return leads(broker, "needs-three");
    }

    private static boolean leads(KafkaBroker broker, String topic) {
        try (var admin = cluster.admin()) {
            return admin.describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .get(0)
                .leader()
                .id() == broker.nodeId();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static IndicatedHealthDescriptor awaitStatus(HealthEndpoint endpoint, Status status, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        IndicatedHealthDescriptor kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
        while (!kafka.getStatus().equals(status)) {
            assertThat(System.nanoTime()).as("kafka %s within %s, last %s", status, within, kafka.getDetails())
                .isLessThan(deadline);
            Thread.sleep(1000);
            kafka = (IndicatedHealthDescriptor) endpoint.healthForPath("kafka");
        }
        return kafka;
    }

}
