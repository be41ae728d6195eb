package dev.kafkapool.autoconfigure.health;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.annotation.Order;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.reload.KafkaTlsReloadAutoConfiguration;
import dev.kafkapool.autoconfigure.reload.TlsReloadStatus;
import dev.kafkapool.autoconfigure.probe.RuntimeConnectionDiagnostics;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * The {@code kafka} health contributor. Backs off without Spring Boot's health support, when
 * {@code management.health.kafka.enabled=false}, and when the application brings its own
 * publisher. It joins the readiness group, never liveness; liveness turns BROKEN only when a
 * producer's network thread has died ({@link DeadProducerLiveness}), which only a restart mends.
 */
@AutoConfiguration(after = { KafkaPublisherAutoConfiguration.class, KafkaTlsReloadAutoConfiguration.class },
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PoolConnection.class)
public final class KafkaPoolHealthAutoConfiguration {

    /** Liveness BROKEN when a producer's network thread died: only a restart delivers again. */
    @Bean
    @ConditionalOnMissingBean
    DeadProducerLiveness kafkaPoolDeadProducerLiveness(ObjectProvider<PooledKafkaPublisher> pool,
            ApplicationEventPublisher events) {
        // without the pool (a test's @MockitoBean KafkaPublisher) there is no producer to watch
        PooledKafkaPublisher publisher = pool.getIfUnique();
        return (publisher != null) ? new DeadProducerLiveness(publisher, events) : null;
    }

    /**
     * Its own class, so that the condition on {@code management.health.kafka.enabled}, which lives in
     * Spring Boot's health module, is only read once that module is known to be there (a condition
     * is loaded with the others of its class, before any of them is evaluated).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("kafka")
    static class KafkaHealthContributorConfiguration {

        @Bean(name = "kafkaHealthIndicator")
        @ConditionalOnSingleCandidate(PooledKafkaPublisher.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        HealthIndicator kafkaHealthIndicator(ObjectProvider<PooledKafkaPublisher> pool, PoolConnection connection,
                RuntimeConnectionDiagnostics diagnostics, KafkaPoolProperties properties,
                ObjectProvider<TlsReloadStatus> reload) {
            PooledKafkaPublisher publisher = pool.getIfUnique();
            if (publisher == null) {
                // the bean was replaced after this configuration was read (a test's @MockitoBean KafkaPublisher)
                return () -> Health.unknown().withDetail("publisher", "replaced: not kafka-pool's pool").build();
            }
            return new KafkaPoolHealthIndicator(publisher, connection,
                    new ClusterHealthCheck(connection, properties.determineTopics(), properties.getHealth().getCacheTtl(),
                            () -> !publisher.reconnectWaiting().isZero(), ClusterHealthCheck.REOPEN_AFTER_FAILURES), diagnostics,
                    properties.getHealth().getTimeout(), reload.getIfAvailable());
        }

        @Bean
        @ConditionalOnBean(name = "kafkaHealthIndicator")
        @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
        @Order(Ordered.LOWEST_PRECEDENCE)
        HealthEndpointGroupsPostProcessor kafkaReadinessGroupPostProcessor(Environment environment) {
            // An application that lists the readiness members itself decides whether kafka is one.
            boolean configured = environment.containsProperty("management.endpoint.health.group.readiness.include");
            return configured ? (groups) -> groups : new KafkaReadinessGroupPostProcessor();
        }

    }

}
