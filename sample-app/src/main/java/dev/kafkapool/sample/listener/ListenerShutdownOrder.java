package dev.kafkapool.sample.listener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Stops the listener containers after the web server and before the pool drains. Spring Kafka
 * puts them in a phase of their own above the web server's, so on SIGTERM they stopped first, and
 * a consumer that took seconds to close (a broker that did not answer) kept the API taking records
 * all that time (seen: 202s for up to 5 s after SIGTERM). In the phase just above the pool's, the
 * web server stops taking requests at once, the listeners stop next (before the pool, which a
 * listener that publishes still needs), and the pool drains last.
 */
@Configuration(proxyBeanMethods = false)
class ListenerShutdownOrder {

    /** One above the pool's lifecycle: started after it, stopped before it. */
    static final int PHASE = KafkaPublisherLifecycle.PHASE + 1;

    /**
     * Made before the {@code @KafkaListener} containers are (they are registered once every
     * singleton is), so the containers take the factories' phase, and their registry theirs.
     */
    ListenerShutdownOrder(ObjectProvider<AbstractKafkaListenerContainerFactory<?, ?, ?>> factories) {
        factories.orderedStream().forEach((factory) -> factory.setPhase(PHASE));
    }

}
