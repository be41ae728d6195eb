package dev.kafkapool.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.reload.TlsReloadStatus;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.ProducerSupplier;
import dev.kafkapool.publisher.PublisherMetricsTracker;

/**
 * Micrometer metrics for the pool: a {@link PublisherMetricsTracker} and a metered producer
 * supplier, which the publisher looks up when it is created, the pool's gauges, and the kafka
 * health as {@code kafka.publisher.health}. Backs off
 * without Micrometer or a {@link MeterRegistry}, and with the pool when the application defines
 * its own publisher; leaves an application's own tracker alone.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration",
                "dev.kafkapool.autoconfigure.reload.KafkaTlsReloadAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PoolConnection.class })
public final class KafkaPoolMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PublisherMetricsTracker kafkaPoolMetricsTracker(MeterRegistry registry, KafkaPoolProperties properties) {
        return new MicrometerPublisherMetricsTracker(registry, properties.getLogLabel(),
                properties.determineTopics());
    }

    @Bean
    @ConditionalOnMissingBean
    ProducerSupplier kafkaPoolProducerSupplier(MeterRegistry registry, KafkaPoolProperties properties) {
        return new MeteredProducerSupplier(registry, properties.getLogLabel());
    }

    @Bean
    @ConditionalOnSingleCandidate(PooledKafkaPublisher.class)
    @ConditionalOnMissingBean
    KafkaPublisherMeterBinder kafkaPublisherMeterBinder(ObjectProvider<PooledKafkaPublisher> publisher,
            PoolConnection connection) {
        // no pool to measure when a test replaced the bean (@MockitoBean KafkaPublisher)
        return new KafkaPublisherMeterBinder(publisher.getIfUnique(), connection);
    }

    @Bean
    @ConditionalOnBean(TlsReloadStatus.class)
    @ConditionalOnMissingBean
    TlsReloadMeterBinder kafkaTlsReloadMeterBinder(TlsReloadStatus status, KafkaPoolProperties properties) {
        return new TlsReloadMeterBinder(status, properties.getLogLabel());
    }

    /** The kafka health as a gauge, when there is a health contributor to read. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static final class HealthGaugeConfiguration {

        @Bean
        @ConditionalOnBean(name = "kafkaHealthIndicator")
        @ConditionalOnMissingBean
        KafkaHealthMeterBinder kafkaHealthMeterBinder(@Qualifier("kafkaHealthIndicator") HealthIndicator indicator,
                KafkaPoolProperties properties) {
            return new KafkaHealthMeterBinder(indicator, properties.getLogLabel());
        }

    }

}
