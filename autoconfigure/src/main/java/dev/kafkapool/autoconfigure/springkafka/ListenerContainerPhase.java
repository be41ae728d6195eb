package dev.kafkapool.autoconfigure.springkafka;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Puts each listener container factory whose phase the application has not set in the phase just above the
 * pool's: a higher phase stops earlier, so on SIGTERM the web server (a higher phase still) stops taking requests
 * at once, the listeners stop next (before the pool, which a listener that publishes still needs), and the pool
 * drains last. The factories' containers take their phase, and Spring Kafka's registry theirs.
 */
final class ListenerContainerPhase implements BeanPostProcessor {

    /** One above the pool's lifecycle: started after it, stopped before it. */
    static final int PHASE = KafkaPublisherLifecycle.PHASE + 1;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory && !phaseSet(factory)) {
            factory.setPhase(PHASE);
        }
        return bean;
    }

    /** Whether the application chose the factory's phase itself: Spring Kafka's factory has no getter for it. */
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
