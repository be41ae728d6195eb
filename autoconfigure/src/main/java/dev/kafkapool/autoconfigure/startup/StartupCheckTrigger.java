package dev.kafkapool.autoconfigure.startup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Creates the {@link FailFastLifecycle}, and so starts its background check, as soon as the
 * publisher exists. Left to the order of bean creation, the check would be one of the last
 * singletons, and the context would wait for a check that began late; started with the publisher
 * (which the application's first controller or service needs), the TLS handshake and the admin
 * round trip overlap with the rest of the refresh. BENCHMARKS.md, "Startup".
 */
final class StartupCheckTrigger implements BeanPostProcessor {

    private final ObjectProvider<FailFastLifecycle> failFast;

    StartupCheckTrigger(ObjectProvider<FailFastLifecycle> failFast) {
        this.failFast = failFast;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PooledKafkaPublisher) {
            // Creating the lifecycle is what starts its check (FailFastLifecycle.afterPropertiesSet).
            this.failFast.getIfAvailable();
        }
        return bean;
    }

}
