package dev.kafkapool.autoconfigure.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** With KAFKA_FAIL_FAST=false the app starts anyway, queues, delivers later, and diagnoses at runtime. */
@ExtendWith(OutputCaptureExtension.class)
class FailFastDisabledTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class, KafkaFailFastAutoConfiguration.class));

    @Test
    void theAppStartsWithTheBrokerDownQueuesAndDeliversWhenItComesUp() {
        try (KafkaCluster cluster = KafkaCluster.builder().start()) {
            cluster.createTopic("late-broker", 1);
            cluster.broker(1).stop();
            List<CompletableFuture<Delivery>> futures = new ArrayList<>();
            this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_FAIL_FAST=false", "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=0.2")))
                .run((context) -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(FailFastLifecycle.class);
                    KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                    for (int i = 0; i < 10; i++) {
                        futures.add(publisher.publish(KafkaMessage.of("late-broker", "k", "late-" + i)));
                    }
                    Thread.sleep(1000);
                    assertThat(futures).noneMatch(CompletableFuture::isDone);
                    cluster.broker(1).restart();
                    for (CompletableFuture<Delivery> future : futures) {
                        future.get(60, TimeUnit.SECONDS);
                    }
                });
            assertThat(cluster.consume("late-broker", 10, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
                .containsExactly("late-0", "late-1", "late-2", "late-3", "late-4", "late-5", "late-6", "late-7",
                        "late-8", "late-9");
        }
    }

    @Test
    void theBackgroundCheckEndsWithTheContextAndSaysNothingAfterIt(CapturedOutput output) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaCluster cluster = KafkaCluster.shared();
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_BROKERS=localhost:" + closedPort, "KAFKA_FAIL_FAST=false",
                "KAFKA_STARTUP_TIMEOUT=60s", "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(StartupCheckAdvisory.class);
                Thread.sleep(700);
                assertThat(checkThreads()).as("the check is still trying: 60 s of startup timeout").isOne();
            });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (checkThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(checkThreads()).as("the check's thread ended with the context").isZero();
        Thread.sleep(500);
        assertThat(output).doesNotContain("Started without waiting for Kafka").doesNotContain("could not finish");
    }

    private static long checkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter((thread) -> thread.getName().endsWith("-startup-check") && thread.isAlive())
            .count();
    }

    @Test
    void aConnectionThatFailsAtRuntimeIsDiagnosedInTheLog(CapturedOutput output) {
        KafkaCluster cluster = KafkaCluster.shared();
        cluster.createTopic("runtime-diagnosis", 1);
        Map<String, Object> env = KafkaPoolTestEnvironment.with(KafkaPoolTestEnvironment.mtls(cluster),
                "KAFKA_FAIL_FAST=false", "KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_TLS_CLIENT_CA=" + cluster.pki().rogueCaCertificate());
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env)).run((context) -> {
            context.getBean(KafkaPublisher.class).publish(KafkaMessage.of("runtime-diagnosis", "k", "v"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!output.getOut().contains("diagnosis:") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        });
        assertThat(output).contains("Deliveries fail; diagnosis: the broker's certificate at localhost:")
            .contains("is not signed by a CA in KAFKA_TLS_CLIENT_CA")
            .contains("Action: Set KAFKA_TLS_CLIENT_CA");
    }

}
