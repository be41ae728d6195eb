package dev.kafkapool.autoconfigure.metrics;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A meter registry that outlives the application context (a parent context's, one a test suite
 * shares): each context's pool meters read its own pool, and none is left behind by a closed one.
 */
class SharedRegistryTests {

    private final MeterRegistry shared = new SimpleMeterRegistry();

    private ApplicationContextRunner runner(int workers) {
        TestPki pki = TestPki.shared();
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaPoolHealthAutoConfiguration.class, KafkaPoolMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> this.shared)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(),
                    "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(),
                    "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                    "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_FAIL_FAST=false",
                    "KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_NUM_THREADS=" + workers)));
    }

    @Test
    void eachContextsGaugesReadItsOwnPoolAndAClosedOnesAreRemoved() {
        for (int workers : new int[] { 2, 3 }) {
            runner(workers).run((context) -> {
                context.getBean(KafkaPublisherMeterBinder.class).bindTo(this.shared);
                context.getBean(KafkaHealthMeterBinder.class).bindTo(this.shared);

                assertThat(this.shared.get("kafka.publisher.workers").gauge().value()).isEqualTo(workers);
                assertThat(this.shared.get("kafka.publisher.queue.capacity").gauge().value()).isEqualTo(100_000);
                assertThat(this.shared.find("kafka.publisher.health").gauge()).isNotNull();
            });
            assertThat(this.shared.find("kafka.publisher.workers").gauge()).as("after the context closed").isNull();
            assertThat(this.shared.find("kafka.publisher.health").gauge()).isNull();
        }
    }

    @Test
    void aContextClosedBesideAnotherUnderTheSameLabelLeavesTheOthersMeters() {
        runner(2).run((first) -> {
            first.getBean(KafkaPublisherMeterBinder.class).bindTo(this.shared);
            // meters of one name and tags are one meter in a registry: the second binder gets the first's
            runner(3).run((second) -> second.getBean(KafkaPublisherMeterBinder.class).bindTo(this.shared));

            assertThat(this.shared.find("kafka.publisher.workers").gauge()).as("the first's, still running")
                .isNotNull()
                .satisfies((gauge) -> assertThat(gauge.value()).isEqualTo(2));
        });
    }

}
