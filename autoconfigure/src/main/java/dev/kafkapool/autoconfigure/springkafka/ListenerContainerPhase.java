package dev.kafkapool.autoconfigure.springkafka;

import org.slf4j.LoggerFactory;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Stops the application's listener containers in the phase just above the pool's: a higher phase stops earlier, so
 * on SIGTERM the web server (a higher phase still) stops taking requests at once, the listeners stop next (before
 * the pool, which a listener that publishes still needs), and the pool drains last. Their start is Spring Kafka's.
 *
 * <p>Spring Kafka's registry stops every container it holds in one phase of its own: the phase of its first
 * container that starts on its own, when that is not Spring Kafka's default, and else that default, above the web
 * server's. When the context closes (every container registered, none stopped yet: Spring reads the phases as it
 * stops), a registry still in Spring Kafka's default phase is put in the phase just above the pool's, and with it the
 * containers the application starts itself ({@code autoStartup = "false"}). The factories and the registry's
 * containers keep their phases until then, so that a container registered later with a phase of the application's
 * (a lazy listener bean, {@code registerListenerContainer}) never meets one of the starter's, which Spring Kafka
 * refuses ("phase mismatch between container factory definitions"). A registry in a phase the application chose
 * keeps it, with a WARN at start when that stops the listeners before the web server stops taking requests or after
 * the pool. A listener container the application declares as a bean of its own, in Spring Kafka's default phase,
 * is put in the starter's phase when it is made.
 */
final class ListenerContainerPhase implements BeanPostProcessor, SmartApplicationListener, ApplicationContextAware {

    /** One above the pool's lifecycle: started after it, stopped before it. */
    static final int PHASE = KafkaPublisherLifecycle.PHASE + 1;

    /** Where the web server stops taking requests (Spring Boot's graceful shutdown): listeners from here up stop before. */
    static final int WEB_SERVER_STOPS_TAKING_REQUESTS = SmartLifecycle.DEFAULT_PHASE - 1024;

    private ApplicationContext context;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractMessageListenerContainer<?, ?> container) {
            if (container.getPhase() == AbstractMessageListenerContainer.DEFAULT_PHASE) {
                container.setPhase(PHASE);
            }
            else {
                warnIfOutOfOrder("The listener container '" + beanName + "' is", container.getPhase());
            }
        }
        return bean;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ContextRefreshedEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        // a child context's events (the management port's) reach this context's listeners too
        if (event.getSource() != this.context) {
            return;
        }
        for (KafkaListenerEndpointRegistry registry : this.context
            .getBeansOfType(KafkaListenerEndpointRegistry.class, false, false)
            .values()) {
            int phase = registry.getPhase();
            if (phase == AbstractMessageListenerContainer.DEFAULT_PHASE) {
                if (event instanceof ContextClosedEvent) {
                    setPhase(registry);
                }
            }
            else if (event instanceof ContextRefreshedEvent) {
                warnIfOutOfOrder("The listener containers are", phase);
            }
        }
    }

    /** A WARN when the application's {@code phase} stops listeners before the web server or after the pool. */
    private static void warnIfOutOfOrder(String which, int phase) {
        if (phase == PHASE || (phase < WEB_SERVER_STOPS_TAKING_REQUESTS && phase > KafkaPublisherLifecycle.PHASE)) {
            return;
        }
        LoggerFactory.getLogger(ListenerContainerPhase.class)
            .warn("{} in phase {}, which the application set: {} {}. The pool's phase is {}: one just above it ({}) "
                    + "stops the listeners after the web server and before the pool drains", which, phase,
                    which.endsWith("are") ? "they stop" : "it stops", (phase >= WEB_SERVER_STOPS_TAKING_REQUESTS)
                            ? "before the web server stops taking requests, and a consumer that takes long to close (a "
                                    + "broker that does not answer) keeps the application taking records meanwhile"
                            : "after the pool, and a listener that publishes meanwhile has its records refused",
                    KafkaPublisherLifecycle.PHASE, PHASE);
    }

    /** Spring Kafka's registry has no setter for its phase: the field, as it keeps it. */
    private static void setPhase(KafkaListenerEndpointRegistry registry) {
        try {
            new DirectFieldAccessor(registry).setPropertyValue("phase", PHASE);
        }
        catch (RuntimeException ex) {
            LoggerFactory.getLogger(ListenerContainerPhase.class)
                .warn("Could not put the listener containers in the phase just above the pool's ({}): {}. They stop before "
                        + "the web server, and a consumer that takes long to close keeps the application taking records "
                        + "meanwhile", PHASE, ex.toString());
        }
    }

}
