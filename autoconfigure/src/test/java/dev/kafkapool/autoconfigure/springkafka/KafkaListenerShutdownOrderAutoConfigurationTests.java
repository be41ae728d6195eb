package dev.kafkapool.autoconfigure.springkafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's listener containers stop after the web server stops taking requests and before the pool drains:
 * with Spring Kafka's own phase they stopped first, and a consumer closing against a broker that did not answer kept
 * the application taking records for 30 s after SIGTERM.
 */
class KafkaListenerShutdownOrderAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolSpringKafkaAutoConfiguration.class, KafkaListenerShutdownOrderAutoConfiguration.class,
                KafkaAutoConfiguration.class))
        .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(),
                "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_ENABLED=false", "KAFKA_FAIL_FAST=false",
                "KAFKA_SHUTDOWN_TIMEOUT=0s")));

    @Test
    void springBootsListenerContainersStopAfterTheWebServerAndBeforeThePool() {
        this.runner.run((context) -> {
            int phase = context.getBean(ConcurrentKafkaListenerContainerFactory.class).createContainer("t").getPhase();
            assertThat(phase).isEqualTo(ListenerContainerPhase.PHASE)
                // the web server stops taking requests in a phase above DEFAULT_PHASE - 2048
                .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048)
                .isGreaterThan(KafkaPublisherLifecycle.PHASE);
        });
    }

    @Test
    void aPhaseTheApplicationChoseForItsFactoryIsKept() {
        this.runner.withBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class, () -> {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setPhase(7);
            return factory;
        }).run((context) -> {
            ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
                .getBean(ConcurrentKafkaListenerContainerFactory.class);
            factory.setConsumerFactory(cast(context.getBean(ConsumerFactory.class)));
            assertThat(factory.createContainer("t").getPhase()).isEqualTo(7);
        });
    }

    @SuppressWarnings("unchecked")
    private static <K, V> ConsumerFactory<K, V> cast(ConsumerFactory<?, ?> factory) {
        return (ConsumerFactory<K, V>) factory;
    }

}
