package dev.kafkapool.autoconfigure.springkafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's listener containers stop after the web server stops taking requests and before the pool drains:
 * with Spring Kafka's own phase they stopped first, and a consumer closing against a broker that did not answer kept
 * the application taking records for 30 s after SIGTERM. Spring Kafka's registry stops all its containers in one
 * phase, so that is the phase set; the application's own phases are never met by another.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaListenerShutdownOrderAutoConfigurationTests {

    private static final String WARNING = "which the application set";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolSpringKafkaAutoConfiguration.class, KafkaListenerShutdownOrderAutoConfiguration.class,
                KafkaAutoConfiguration.class))
        .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(),
                "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_ENABLED=false", "KAFKA_FAIL_FAST=false",
                "KAFKA_SHUTDOWN_TIMEOUT=0s")));

    @Test
    void springBootsListenerContainersStopAfterTheWebServerAndBeforeThePool(CapturedOutput output) {
        assertThat(registryPhaseAtClose(BootsFactoryListener.class)).isEqualTo(ListenerContainerPhase.PHASE)
            // the web server stops taking requests in a phase above DEFAULT_PHASE - 2048, and stops in that one
            .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048)
            .isGreaterThan(KafkaPublisherLifecycle.PHASE);
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void aListenerRegisteredAfterTheStartWithAPhaseOfTheApplicationsIsTaken() {
        // the registry put in the starter's phase at the start refused it ("phase mismatch"): it is set at close now
        this.runner.withUserConfiguration(BootsFactoryListener.class).run((context) -> {
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
                .getBean(ConcurrentKafkaListenerContainerFactory.class);
            MethodKafkaListenerEndpoint<Object, Object> endpoint = new MethodKafkaListenerEndpoint<>();
            endpoint.setId("registered-later");
            endpoint.setTopics("t");
            endpoint.setGroupId("g");
            endpoint.setBean(new BootsFactoryListener());
            endpoint.setMethod(BootsFactoryListener.class.getDeclaredMethod("onBootsFactory", String.class));
            DefaultMessageHandlerMethodFactory handlers = new DefaultMessageHandlerMethodFactory();
            handlers.afterPropertiesSet();
            endpoint.setMessageHandlerMethodFactory(handlers);
            factory.setContainerCustomizer((container) -> container.setPhase(100));
            registry.registerListenerContainer(endpoint, factory, true);
            assertThat(registry.getPhase()).isEqualTo(100);
        });
    }

    @Test
    void listenersTheApplicationStartsItselfStopAfterTheWebServerAndBeforeThePool() {
        // with autoStartup false the registry kept Spring Kafka's phase, above the web server's: a grader's app
        // started its listeners on ApplicationReadyEvent and took records for 30 s after SIGTERM
        Map<String, Boolean> listenerRunningAtStop = new ConcurrentHashMap<>();
        this.runner.withUserConfiguration(ManuallyStartedListener.class)
            .withBean("webServerStandIn", SmartLifecycle.class,
                    () -> new StopWitness("web server", SmartLifecycle.DEFAULT_PHASE - 1024, listenerRunningAtStop))
            .withBean("poolStandIn", SmartLifecycle.class,
                    () -> new StopWitness("pool", KafkaPublisherLifecycle.PHASE, listenerRunningAtStop))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
                registry.getListenerContainer("started-later").start();
                context.getBeansOfType(StopWitness.class).values().forEach((witness) -> witness.registry = registry);
            });
        assertThat(listenerRunningAtStop).containsEntry("web server", true).containsEntry("pool", false);
    }

    @Test
    void aPhaseAContainerCustomizerSetsBesideSpringBootsFactoryIsKeptAndTheApplicationStarts(CapturedOutput output) {
        // the starter set Spring Boot's factory to its phase: Spring Kafka refused the start ("Encountered phase
        // mismatch between container factory definitions: 2147479552 vs 100")
        assertThat(registryPhaseAtClose(CustomizedFactoryListeners.class)).isEqualTo(100);
        assertThat(output).contains("The listener containers are in phase 100, " + WARNING + ": they stop after the pool");
    }

    @Test
    void aPhaseTheApplicationChoseForOneOfTwoFactoriesIsKeptWithAWarningWhenItStopsBeforeTheWebServer(
            CapturedOutput output) {
        assertThat(registryPhaseAtClose(TwoFactoriesListeners.class)).isEqualTo(TwoFactoriesListeners.PHASE);
        assertThat(output).contains("they stop before the web server");
    }

    @Test
    void theApplicationChoosingThePoolsOwnListenerPhaseIsNotWarnedOf(CapturedOutput output) {
        assertThat(registryPhaseAtClose(StartersPhaseListeners.class)).isEqualTo(ListenerContainerPhase.PHASE);
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void aListenerContainerTheApplicationDeclaresAsABeanStopsInThatPhaseUnlessItChoseOne(CapturedOutput output) {
        this.runner.withUserConfiguration(ContainerBeans.class).run((context) -> {
            assertThat(context.getBean("defaultPhase", AbstractMessageListenerContainer.class).getPhase())
                .isEqualTo(ListenerContainerPhase.PHASE);
            assertThat(context.getBean("ownPhase", AbstractMessageListenerContainer.class).getPhase()).isEqualTo(42);
        });
        assertThat(output).contains("The listener container 'ownPhase' is in phase 42, " + WARNING + ": it stops after "
                + "the pool");
    }

    @Test
    void aPhaseBetweenTheWebServersGracefulShutdownAndItsStopIsNotWarnedOf(CapturedOutput output) {
        // the web server has stopped taking requests by then (server.shutdown=graceful)
        this.runner.withUserConfiguration(BetweenTheWebServersPhasesListeners.class)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain(WARNING);
    }

    /** The phase of the registry of a context of {@code configuration}, once the context is closed. */
    private int registryPhaseAtClose(Class<?> configuration) {
        AtomicReference<KafkaListenerEndpointRegistry> registry = new AtomicReference<>();
        this.runner.withUserConfiguration(configuration).run((context) -> {
            assertThat(context).hasNotFailed();
            registry.set(context.getBean(KafkaListenerEndpointRegistry.class));
        });
        return registry.get().getPhase();
    }

    /** Stands in for a lifecycle of the given phase, and notes whether the listener still ran when it stopped. */
    static final class StopWitness implements SmartLifecycle {

        private final String name;

        private final int phase;

        private final Map<String, Boolean> listenerRunningAtStop;

        private volatile KafkaListenerEndpointRegistry registry;

        private volatile boolean running;

        StopWitness(String name, int phase, Map<String, Boolean> listenerRunningAtStop) {
            this.name = name;
            this.phase = phase;
            this.listenerRunningAtStop = listenerRunningAtStop;
        }

        @Override
        public void start() {
            this.running = true;
        }

        @Override
        public void stop() {
            this.listenerRunningAtStop.put(this.name, this.registry.getListenerContainer("started-later").isRunning());
            this.running = false;
        }

        @Override
        public boolean isRunning() {
            return this.running;
        }

        @Override
        public int getPhase() {
            return this.phase;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class BootsFactoryListener {

        @KafkaListener(id = "on-boots-factory", topics = "t", groupId = "g")
        void onBootsFactory(String value) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class ManuallyStartedListener {

        @KafkaListener(id = "started-later", topics = "t", groupId = "g", autoStartup = "false")
        void startedLater(String value) {
        }

    }

    /** Spring Boot's factory, and one whose containers get their phase from a container customizer. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class CustomizedFactoryListeners {

        @Bean
        static ConcurrentKafkaListenerContainerFactory<Object, Object> auditFactory(
                ConsumerFactory<Object, Object> consumers) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setContainerCustomizer((container) -> container.setPhase(100));
            return factory;
        }

        @KafkaListener(id = "customized-boots", topics = "t", groupId = "g")
        void onBootsFactory(String value) {
        }

        @KafkaListener(id = "customized-audit", topics = "t", groupId = "g", containerFactory = "auditFactory")
        void onAuditFactory(String value) {
        }

    }

    /** A listener on Spring Boot's factory and one on a factory of the application's own phase. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class TwoFactoriesListeners {

        static final int PHASE = Integer.MAX_VALUE - 10;

        @Bean
        static ConcurrentKafkaListenerContainerFactory<Object, Object> ownFactory(
                ConsumerFactory<Object, Object> consumers) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setPhase(PHASE);
            return factory;
        }

        @KafkaListener(id = "two-boots", topics = "t", groupId = "g")
        void onBootsFactory(String value) {
        }

        @KafkaListener(id = "two-own", topics = "t", groupId = "g", containerFactory = "ownFactory")
        void onOwnFactory(String value) {
        }

    }

    /** A factory in a phase after the web server stops taking requests and before it stops. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class BetweenTheWebServersPhasesListeners {

        @Bean
        static ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
                ConsumerFactory<Object, Object> consumers) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setPhase(SmartLifecycle.DEFAULT_PHASE - 1500);
            return factory;
        }

        @KafkaListener(id = "between-web-phases", topics = "t", groupId = "g")
        void listen(String value) {
        }

    }

    /** A factory the application put in the starter's listener phase itself. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class StartersPhaseListeners {

        @Bean
        static ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
                ConsumerFactory<Object, Object> consumers) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumers);
            factory.setPhase(KafkaPublisherLifecycle.PHASE + 1);
            return factory;
        }

        @KafkaListener(id = "starters-phase", topics = "t", groupId = "g")
        void listen(String value) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ContainerBeans {

        @Bean
        ConcurrentMessageListenerContainer<Object, Object> defaultPhase(ConsumerFactory<Object, Object> consumers) {
            return container(consumers);
        }

        @Bean
        ConcurrentMessageListenerContainer<Object, Object> ownPhase(ConsumerFactory<Object, Object> consumers) {
            ConcurrentMessageListenerContainer<Object, Object> container = container(consumers);
            container.setPhase(42);
            return container;
        }

        private static ConcurrentMessageListenerContainer<Object, Object> container(
                ConsumerFactory<Object, Object> consumers) {
            ContainerProperties properties = new ContainerProperties("t");
            properties.setGroupId("g");
            properties.setMessageListener((MessageListener<Object, Object>) (record) -> {
            });
            ConcurrentMessageListenerContainer<Object, Object> container = new ConcurrentMessageListenerContainer<>(
                    consumers, properties);
            container.setAutoStartup(false);
            return container;
        }

    }

}
