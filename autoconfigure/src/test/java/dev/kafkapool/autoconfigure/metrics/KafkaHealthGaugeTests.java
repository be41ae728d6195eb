package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kafka.publisher.health}: the kafka health contributor's status as a series alerts can watch. */
class KafkaHealthGaugeTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolHealthAutoConfiguration.class, KafkaPoolMetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void theGaugeIsOneWhileTheClusterAnswersOverMtls() {
        KafkaCluster cluster = KafkaCluster.shared();
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_LOG_LABEL=healthy")))
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                context.getBean(KafkaHealthMeterBinder.class).bindTo(registry);
                assertThat(awaitGauge(registry, 1.0)).isEqualTo(1.0);
                assertThat(registry.get("kafka.publisher.health").tag("pool", "healthy").gauge()).isNotNull();
            });
    }

    @Test
    void theGaugeIsZeroWhenTheClusterDoesNotAnswer() {
        TestPki pki = TestPki.shared();
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(),
                "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(),
                "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(), "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(),
                "KAFKA_FAIL_FAST=false", "KAFKA_HEALTH_TIMEOUT=200ms", "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                context.getBean(KafkaHealthMeterBinder.class).bindTo(registry);
                assertThat(registry.get("kafka.publisher.health").gauge().value()).isZero();
            });
    }

    @Test
    void withoutTheHealthContributorThereIsNoGauge() {
        TestPki pki = TestPki.shared();
        this.runner.withPropertyValues("management.health.kafka.enabled=false")
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(),
                    "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(),
                    "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                    "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_FAIL_FAST=false",
                    "KAFKA_SHUTDOWN_TIMEOUT=0s")))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaHealthMeterBinder.class));
    }

    /** The first check of the cluster runs in the background; the gauge reads the cached result. */
    private static double awaitGauge(MeterRegistry registry, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double value;
        do {
            value = registry.get("kafka.publisher.health").gauge().value();
            if (value == expected) {
                return value;
            }
            Thread.sleep(100);
        }
        while (System.nanoTime() < deadline);
        return value;
    }

}
