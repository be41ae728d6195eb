package dev.kafkapool.autoconfigure.springkafka;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Puts the listener container factories in the phase just above the pool's: a higher phase stops earlier, so on
 * SIGTERM the web server (a higher phase still) stops taking requests at once, the listeners stop next (before the
 * pool, which a listener that publishes still needs), and the pool drains last. The factories' containers take their
 * phase, and Spring Kafka's registry theirs; the containers are made once every singleton is, the factories before.
 *
 * <p>Spring Kafka's registry takes one phase for all the containers it starts: once a factory shows a phase the
 * application set itself, every factory is left with its own (the ones set here before are set back), since another
 * phase beside the application's would stop its start, and a WARN says what that means for shutdown.
 */
final class ListenerContainerPhase implements BeanPostProcessor {

    /** One above the pool's lifecycle: started after it, stopped before it. */
    static final int PHASE = KafkaPublisherLifecycle.PHASE + 1;

    /** The factories set here, while no factory has shown a phase of the application's. */
    private final List<AbstractKafkaListenerContainerFactory<?, ?, ?>> set = new ArrayList<>();

    private boolean applicationPhase;

    @Override
    public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) || this.applicationPhase) {
            return bean;
        }
        if (phaseSet(factory)) {
            this.applicationPhase = true;
            this.set.forEach((earlier) -> new DirectFieldAccessor(earlier).setPropertyValue("phase", null));
            this.set.clear();
            LoggerFactory.getLogger(ListenerContainerPhase.class)
                .warn("The listener container factory '{}' has a phase the application set: the listener containers "
                        + "keep the phases given, and if they stop before the web server, a consumer that takes long to "
                        + "close (a broker that does not answer) keeps the application taking records meanwhile. The "
                        + "pool's phase is {}: one just above it ({}) stops the listeners after the web server and "
                        + "before the pool drains", beanName, KafkaPublisherLifecycle.PHASE, PHASE);
            return bean;
        }
        factory.setPhase(PHASE);
        this.set.add(factory);
        return bean;
    }

    /** Whether the factory's phase was chosen before: Spring Kafka's factory has no getter for it. */
    private static boolean phaseSet(AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
        try {
            return new DirectFieldAccessor(factory).getPropertyValue("phase") != null;
        }
        catch (RuntimeException ex) {
            // a Spring Kafka that keeps it otherwise: the pool's order is the safe one
            return false;
        }
    }

}
