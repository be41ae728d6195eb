package dev.kafkapool.autoconfigure.springkafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
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

    @Test
    void aPhaseTheApplicationChoseForOneOfTwoFactoriesLeavesBothAsTheyAre() {
        // Spring Kafka's registry takes one phase for all its containers: a second one beside the application's
        // stopped the start ("Encountered phase mismatch between container factory definitions")
        this.runner.withBean("ownFactory", ConcurrentKafkaListenerContainerFactory.class, () -> {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setPhase(12345);
            return factory;
        }).run((context) -> {
            assertThat(context).hasNotFailed();
            ConcurrentKafkaListenerContainerFactory<?, ?> own = context.getBean("ownFactory",
                    ConcurrentKafkaListenerContainerFactory.class);
            own.setConsumerFactory(cast(context.getBean(ConsumerFactory.class)));
            assertThat(own.createContainer("t").getPhase()).isEqualTo(12345);
            int boots = context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class)
                .createContainer("t")
                .getPhase();
            assertThat(boots).as("Spring Kafka's default, which the registry does not count").isEqualTo(
                    org.springframework.kafka.listener.AbstractMessageListenerContainer.DEFAULT_PHASE);
        });
    }

    @Test
    void listenersOfAFactoryWithTheApplicationsPhaseAndOfSpringBootsStart() {
        this.runner.withUserConfiguration(TwoFactoriesListeners.class).run((context) -> {
            assertThat(context).hasNotFailed();
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            assertThat(registry.getPhase()).isEqualTo(12345);
        });
    }

    /** A listener on Spring Boot's factory and one on a factory of the application's own phase. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class TwoFactoriesListeners {

        @Bean
        static ConcurrentKafkaListenerContainerFactory<Object, Object> ownFactory(
                ConsumerFactory<Object, Object> consumers) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setPhase(12345);
            return factory;
        }

        @KafkaListener(id = "on-boots-factory", topics = "t", groupId = "g")
        void onBootsFactory(String value) {
        }

        @KafkaListener(id = "on-own-factory", topics = "t", groupId = "g", containerFactory = "ownFactory")
        void onOwnFactory(String value) {
        }

    }

    @SuppressWarnings("unchecked")
    private static <K, V> ConsumerFactory<K, V> cast(ConsumerFactory<?, ?> factory) {
        return (ConsumerFactory<K, V>) factory;
    }

}
