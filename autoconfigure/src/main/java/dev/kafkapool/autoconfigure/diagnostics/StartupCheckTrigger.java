package dev.kafkapool.autoconfigure.diagnostics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Creates the {@link KafkaStartupVerifier}, and so starts its background check, as soon as the
 * publisher exists. Left to the order of bean creation, the verifier would be one of the last
 * singletons, and the context would wait for a check that began late; started with the publisher
 * (which the application's first controller or service needs), the TLS handshake and the admin
 * round trip overlap with the rest of the refresh. BENCHMARKS.md, "Startup".
 */
final class StartupCheckTrigger implements BeanPostProcessor {

    private final ObjectProvider<KafkaStartupVerifier> verifier;

    StartupCheckTrigger(ObjectProvider<KafkaStartupVerifier> verifier) {
        this.verifier = verifier;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PooledKafkaPublisher) {
            // Creating the verifier is what starts its check (KafkaStartupVerifier.afterPropertiesSet).
            this.verifier.getIfAvailable();
        }
        return bean;
    }

}
