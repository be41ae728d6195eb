package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
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

}
