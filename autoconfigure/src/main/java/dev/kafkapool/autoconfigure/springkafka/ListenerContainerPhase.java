package dev.kafkapool.autoconfigure.springkafka;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Stops the application's listener containers in the phase just above the pool's: a higher phase stops earlier, so
 * on SIGTERM the web server (a higher phase still) stops taking requests at once, the listeners stop next (before
 * the pool, which a listener that publishes still needs), and the pool drains last.
 *
 * <p>Spring Kafka's registry stops every container it holds in one phase of its own: the phase of its first
 * container that starts on its own, when that is not Spring Kafka's default, and else that default, above the web
 * server's. Once the context has refreshed (every {@code @KafkaListener} container registered, none stopped yet), a
 * registry still in Spring Kafka's default phase is put in the phase just above the pool's; so are the containers
 * it stops that the application starts itself ({@code autoStartup = "false"}). Neither factories nor containers are
 * touched: a phase the application gives any of them (the factory's, or a container customizer's) never meets one of
 * the starter's, which Spring Kafka refuses ("phase mismatch between container factory definitions"). A registry in
 * a phase the application chose keeps it, with a WARN when that stops the listeners before the web server or after
 * the pool. A listener container the application declares as a bean of its own, in Spring Kafka's default phase,
 * gets the starter's phase as well.
 */
final class ListenerContainerPhase implements BeanPostProcessor, ApplicationListener<ContextRefreshedEvent>,
        ApplicationContextAware {

    /** One above the pool's lifecycle: started after it, stopped before it. */
    static final int PHASE = KafkaPublisherLifecycle.PHASE + 1;

    /** Where the web server stops taking requests and then stops: listeners that stop from here up stop before it. */
    static final int WEB_SERVER_PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final List<KafkaListenerEndpointRegistry> registries = new ArrayList<>();

    private ApplicationContext context;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof KafkaListenerEndpointRegistry registry) {
            this.registries.add(registry);
        }
        else if (bean instanceof AbstractMessageListenerContainer<?, ?> container
                && container.getPhase() == AbstractMessageListenerContainer.DEFAULT_PHASE) {
            container.setPhase(PHASE);
        }
        return bean;
    }

    @Override
    public synchronized void onApplicationEvent(ContextRefreshedEvent event) {
        // a child context's refresh (the management port's) reaches this context's listeners too
        if (event.getApplicationContext() != this.context) {
            return;
        }
        for (KafkaListenerEndpointRegistry registry : this.registries) {
            int phase = registry.getPhase();
            if (phase == AbstractMessageListenerContainer.DEFAULT_PHASE) {
                setPhase(registry);
            }
            else if (phase != PHASE && (phase >= WEB_SERVER_PHASE || phase <= KafkaPublisherLifecycle.PHASE)) {
                LoggerFactory.getLogger(ListenerContainerPhase.class)
                    .warn("The listener containers are in phase {}, which the application set: they stop {}. The pool's "
                            + "phase is {}: one just above it ({}) stops the listeners after the web server and before the "
                            + "pool drains", phase, (phase >= WEB_SERVER_PHASE)
                                    ? "before the web server, and a consumer that takes long to close (a broker that does "
                                            + "not answer) keeps the application taking records meanwhile"
                                    : "after the pool, and a listener that publishes meanwhile has its records refused",
                            KafkaPublisherLifecycle.PHASE, PHASE);
            }
        }
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
