package dev.kafkapool.autoconfigure.startup;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Creates the {@link FailFastLifecycle}, and so starts its background check, with the first bean
 * the context initializes once every bean post-processor is in place: in a web application that
 * is the web server factory, before Tomcat starts and before any singleton of the application.
 * Left to the order of bean creation, the check would be one of the last singletons, and the
 * context would wait for a check that began late; started first, the TLS handshake and the admin
 * round trip overlap with nearly all of the refresh. BENCHMARKS.md, "Startup".
 *
 * <p>Its own beans (the settings and the connection) are created then too, fully post-processed. If
 * one of them cannot be created, nothing is started here: the same failure comes again where the
 * context creates them in its order, and is reported there.
 */
final class StartupCheckTrigger implements BeanPostProcessor {

    private final ObjectProvider<FailFastLifecycle> failFast;

    private final AtomicBoolean tried = new AtomicBoolean();

    StartupCheckTrigger(ObjectProvider<FailFastLifecycle> failFast) {
        this.failFast = failFast;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!this.tried.get() && this.tried.compareAndSet(false, true)) {
            try {
                // Creating the lifecycle is what starts its check (FailFastLifecycle.afterPropertiesSet).
                this.failFast.getIfAvailable();
            }
            catch (BeansException ex) {
                // reported where the context creates it in its own order
            }
        }
        return bean;
    }

}
