package dev.kafkapool.sample.listener;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;
import dev.kafkapool.sample.AbstractSharedBrokerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On SIGTERM the web server stops taking requests first, then the listeners stop, then the pool
 * drains (a higher phase stops earlier). With Spring Kafka's own phase the listeners stopped
 * before the web server, which went on answering 202 while a consumer closed against a broker
 * that did not answer.
 */
class ListenerShutdownOrderTests extends AbstractSharedBrokerTests {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theListenersStopAfterTheWebServerAndBeforeThePool() {
        assertThat(this.listeners.getPhase()).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
            .isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048)
            .isGreaterThan(KafkaPublisherLifecycle.PHASE);
        assertThat(this.listeners.getListenerContainer(OrderCreatedListener.ID).isRunning()).isTrue();
    }

}
