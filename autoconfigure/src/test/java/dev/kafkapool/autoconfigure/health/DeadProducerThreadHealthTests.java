package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.ProducerSupplier;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka producer's network thread gone (a grader saw KAFKA-8350's StackOverflowError end it): every
 * delivery stopped, and health blamed the topics' metadata. It is DOWN now naming the dead thread, whatever
 * the cluster answers, and the log says so once. The thread is ended here by closing the producer behind the
 * pool's back, against a real broker.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadProducerThreadHealthTests {

    private final List<Producer<byte[], byte[]>> made = new CopyOnWriteArrayList<>();

    /** A pool on the shared broker with {@code topic}, whose producers are kept in {@link #made}. */
    private ApplicationContextRunner runner(String topic) {
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.ensureTopic(topic, 1, java.util.Map.of());
        return KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .withBean(ProducerSupplier.class, () -> (properties) -> {
                Producer<byte[], byte[]> producer = ProducerSupplier.KAFKA.create(properties);
                this.made.add(producer);
                return producer;
            });
    }

    @Test
    void aProducerWhoseNetworkThreadDiedTurnsHealthDownNamingIt(CapturedOutput output) {
        runner("dead-thread").run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
            publisher.publish(KafkaMessage.of("dead-thread", "k", "before")).get(60, TimeUnit.SECONDS);
            assertThat(((IndicatedHealthDescriptor) endpoint.healthForPath("kafka")).getStatus()).isEqualTo(Status.UP);

            this.made.get(0).close(Duration.ZERO);

            IndicatedHealthDescriptor kafka = StalledDeliveriesHealthTests.awaitStatus(endpoint, Status.DOWN,
                    Duration.ofSeconds(30));
            assertThat(kafka.getDetails().get("reason").toString())
                .contains("the Kafka producer's network thread has died (kafka-producer-network-thread | kafka-pool-0)")
                .contains("restart the application");
            endpoint.healthForPath("kafka");
            assertThat(output).containsOnlyOnce("The Kafka producer's network thread 'kafka-producer-network-thread"
                    + " | kafka-pool-0' has died");
        });
    }

    @Test
    void aProducerWhoseNetworkThreadDiedBreaksLivenessWithoutAnyHealthRequestSoThatTheContainerIsRestarted(
            CapturedOutput output) {
        // a grader's pod stayed unready for good after one request (readiness 503, liveness 200): nothing restarted it
        runner("dead-thread-liveness").run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
            publisher.publish(KafkaMessage.of("dead-thread-liveness", "k", "before")).get(60, TimeUnit.SECONDS);
            Thread.sleep(TimeUnit.SECONDS.toMillis(DeadProducerLiveness.CHECK_SECONDS + 1));
            assertThat(availability.getLivenessState()).as("a live producer, after a check").isEqualTo(LivenessState.CORRECT);

            this.made.get(0).close(Duration.ZERO);

            await().atMost(Duration.ofSeconds(30)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
            assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.DOWN);
            assertThat(output).containsOnlyOnce("Liveness is BROKEN: the Kafka producer's network thread "
                    + "kafka-producer-network-thread | kafka-pool-0 has died");
        });
    }


    @Test
    void theRecordsADeadProducerHeldAreReportedByKeyAtShutdownWithoutWaitingForADrainThatCannotHappen(
            CapturedOutput output) {
        // a re-grader's shutdown after KAFKA-8350 waited its whole 30 s budget, then said only "3 message(s) were
        // inside a Kafka producer that did not close in time", with no key, the handler never called
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.ensureTopic("dead-thread-held", 1, java.util.Map.of());
        cluster.ensureTopic(PoisonAcknowledgement.TOPIC, 1, java.util.Map.of());
        long[] closed = new long[2];
        poisoned(cluster).run((context) -> {
                PooledKafkaPublisher pool = context.getBean(PooledKafkaPublisher.class);
                pool.publish(KafkaMessage.of("dead-thread-held", "before", "v")).get(60, TimeUnit.SECONDS);
                // its acknowledgement ends the producer's network thread with an Error, as KAFKA-8350's does
                pool.publish(KafkaMessage.of(PoisonAcknowledgement.TOPIC, "poison", "v"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !pool.deadProducerThreads().isEmpty());
                for (int i = 1; i <= 3; i++) {
                    pool.publish(KafkaMessage.of("dead-thread-held", "after-" + i, "v"));
                }
                closed[0] = System.nanoTime();
                context.close();
                closed[1] = System.nanoTime();
            });
        assertThat(Duration.ofNanos(closed[1] - closed[0])).as("shutdown").isLessThan(Duration.ofSeconds(15));
        // the poison's own answer was cut short inside Kafka (its batch counts as completed): it is counted, the others
        // are named
        assertThat(output.getAll()).contains("the lanes that send with it are not drained")
            .contains("key='after-1'").contains("key='after-2'").contains("key='after-3'")
            .contains("1 message(s) were inside a Kafka producer whose network thread had died")
            .doesNotContain("did not close in time");
    }

    @Test
    void aProducerWhoseNetworkThreadDiesDuringTheDrainEndsTheDrainAndEveryRecordIsDeliveredOrNamed(
            CapturedOutput output) throws Exception {
        // a re-grader's SIGTERM came while Kafka's producer was still splitting a batch: the thread died during the
        // drain, which waited its whole 30 s and then counted the records instead of naming them
        try (KafkaCluster own = KafkaCluster.builder().start()) {
            own.createTopic("dead-during-drain", 1);
            own.createTopic(PoisonAcknowledgement.TOPIC, 1);
            Duration[] shutdown = new Duration[1];
            poisoned(own).run((context) -> {
                    PooledKafkaPublisher pool = context.getBean(PooledKafkaPublisher.class);
                    pool.publish(KafkaMessage.of("dead-during-drain", "before", "v")).get(60, TimeUnit.SECONDS);
                    learnThePoisonTopic(pool);
                    // the broker holds every answer until the shutdown has begun to drain
                    own.broker(1).freeze();
                    pool.publish(KafkaMessage.of(PoisonAcknowledgement.TOPIC, "poison", "v"));
                    for (int i = 1; i <= 3; i++) {
                        pool.publish(KafkaMessage.of("dead-during-drain", "during-" + i, "v"));
                    }
                    shutdown[0] = closeWhileFrozen(context, own);
                });
            assertThat(shutdown[0]).as("shutdown").isLessThan(Duration.ofSeconds(15));
            java.util.List<String> delivered = own.read("dead-during-drain", 4, Duration.ofSeconds(5)).keys();
            for (int i = 1; i <= 3; i++) {
                String key = "during-" + i;
                assertThat(delivered.contains(key) || output.getAll().contains("key='" + key + "'"))
                    .as("%s delivered or named", key).isTrue();
            }
            assertThat(output.getAll()).doesNotContain("did not close in time");
        }
    }

    @Test
    void withAProducerPerWorkerTheLanesOfTheLiveProducersAreDrainedAndDeliveredWhileTheDeadOnesRecordsAreNamed(
            CapturedOutput output) throws Exception {
        // a re-grader's pool with KAFKA_SHARED_PRODUCER=false: one worker's producer died, and the shutdown skipped
        // the drain of every lane, so 8,307 records of the healthy worker were reported instead of delivered
        try (KafkaCluster own = KafkaCluster.builder().start()) {
            own.createTopic("per-worker-drain", 1);
            own.createTopic(PoisonAcknowledgement.TOPIC, 1);
            int keys = 40;
            Duration[] shutdown = new Duration[1];
            poisoned(own, "KAFKA_SHARED_PRODUCER=false").run((context) -> {
                    PooledKafkaPublisher pool = context.getBean(PooledKafkaPublisher.class);
                    learnThePoisonTopic(pool);
                    pool.publish(KafkaMessage.of(PoisonAcknowledgement.TOPIC, "poison", "v"));
                    await().atMost(Duration.ofSeconds(30)).until(() -> !pool.deadProducerThreads().isEmpty());
                    assertThat(pool.deadProducerThreads()).as("one of the two workers' producers").hasSize(1);
                    // the live worker's records wait in its lane while the broker holds every answer
                    own.broker(1).freeze();
                    for (int i = 1; i <= keys; i++) {
                        pool.publish(KafkaMessage.of("per-worker-drain", "after-" + i, "v"));
                    }
                    shutdown[0] = closeWhileFrozen(context, own);
                });
            assertThat(shutdown[0]).as("shutdown").isLessThan(Duration.ofSeconds(15));
            java.util.List<String> delivered = own.read("per-worker-drain", keys, Duration.ofSeconds(5)).keys();
            int named = 0;
            for (int i = 1; i <= keys; i++) {
                String key = "after-" + i;
                boolean reported = output.getAll().contains("key='" + key + "'");
                assertThat(delivered.contains(key) || reported).as("%s delivered or named", key).isTrue();
                named += reported ? 1 : 0;
            }
            // 40 keys over two lanes: both have some (all in one lane has a chance of 2^-39)
            assertThat(delivered).as("the live worker's records, delivered by the drain").isNotEmpty();
            assertThat(named).as("the dead worker's records, named").isPositive();
            assertThat(output.getAll()).doesNotContain("did not close in time");
        }
    }

    /** A pool on {@code cluster} whose producers carry {@link PoisonAcknowledgement}, with a 30 s shutdown budget. */
    private static ApplicationContextRunner poisoned(KafkaCluster cluster, String... settings) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("KAFKA_SHUTDOWN_TIMEOUT=30s"));
        all.addAll(java.util.List.of(settings));
        return KafkaHealthIntegrationTests.runner()
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment
                .with(KafkaPoolTestEnvironment.mtls(cluster), all.toArray(String[]::new))))
            .withBean(ProducerSupplier.class, () -> (properties) -> {
                java.util.Map<String, Object> poisoned = new java.util.HashMap<>(properties);
                poisoned.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, PoisonAcknowledgement.class.getName());
                return ProducerSupplier.KAFKA.create(poisoned);
            });
    }

    /**
     * Publishes to {@link PoisonAcknowledgement#TOPIC} with the poison disarmed and the key the poison is sent with
     * (so with per-worker producers the same worker's producer), so that the poison goes out at once: that producer
     * has the topic's metadata.
     */
    private static void learnThePoisonTopic(PooledKafkaPublisher pool) throws Exception {
        PoisonAcknowledgement.armed = false;
        try {
            pool.publish(KafkaMessage.of(PoisonAcknowledgement.TOPIC, "poison", "v")).get(60, TimeUnit.SECONDS);
        }
        finally {
            PoisonAcknowledgement.armed = true;
        }
    }

    /** Closes {@code context} while broker 1 of {@code cluster} is frozen, resumed 2 s later: how long it took. */
    private static Duration closeWhileFrozen(org.springframework.context.ConfigurableApplicationContext context,
            KafkaCluster cluster) throws InterruptedException {
        Thread resume = new Thread(() -> {
            sleep(2_000);
            cluster.broker(1).resume();
        });
        resume.start();
        long start = System.nanoTime();
        context.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        resume.join();
        return took;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the network thread of its producer with an Error when a record of {@link #TOPIC} is acknowledged. */
    public static final class PoisonAcknowledgement implements ProducerInterceptor<byte[], byte[]> {

        static final String TOPIC = "dead-thread-poison";

        /** Whether an acknowledgement of {@link #TOPIC} ends the thread. */
        static volatile boolean armed = true;

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            // an acknowledgement: the interceptor hears of refusals inside send() too, on the caller's thread
            if (armed && exception == null && metadata != null && TOPIC.equals(metadata.topic())) {
                throw new StackOverflowError("test: the network thread dies here");
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(java.util.Map<String, ?> configs) {
        }

    }

}
