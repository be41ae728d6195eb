package dev.kafkapool.autoconfigure;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.kafkapool.autoconfigure.diagnostics.ConnectionDoctor;
import dev.kafkapool.autoconfigure.diagnostics.RuntimeConnectionDiagnostics;
import dev.kafkapool.autoconfigure.diagnostics.StartupContext;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.LoggingUndeliveredMessageHandler;
import dev.kafkapool.publisher.MessageInterceptor;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.ProducerSupplier;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.PublisherMetricsTracker;
import dev.kafkapool.publisher.UndeliveredMessageHandler;

/**
 * Auto-configuration of the pooled {@link KafkaPublisher} (bean {@code kafkaPublisher}) from
 * {@code kafka.*} / {@code KAFKA_*}: settings validated, TLS material loaded and checked, the pool
 * started with the context and drained at shutdown. Backs off completely when the application
 * defines its own {@link KafkaPublisher}; the settings are still bound, for Spring Kafka's
 * connection details.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(KafkaProducer.class)
@EnableConfigurationProperties(KafkaPoolProperties.class)
public final class KafkaPublisherAutoConfiguration {

    /**
     * The pool and everything only it needs. Nothing here is created when the application defines
     * its own {@link KafkaPublisher}: not even the TLS material, whose checks would otherwise
     * still demand {@code KAFKA_BROKERS}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(KafkaPublisher.class)
    static final class PoolConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TlsMaterial kafkaPoolTlsMaterial(KafkaPoolProperties properties, ObjectProvider<SslBundles> sslBundles) {
            String context = StartupContext.describe(properties);
            PublisherConfigFactory.validate(properties, context);
            if (!properties.isEnabled()) {
                return TlsMaterial.plaintext();
            }
            return TlsMaterialResolver.resolve(properties, sslBundles.getIfAvailable(), context);
        }

        @Bean
        @ConditionalOnMissingBean
        UndeliveredMessageHandler kafkaPoolUndeliveredMessageHandler() {
            return new LoggingUndeliveredMessageHandler();
        }

        @Bean
        @ConditionalOnMissingBean
        RuntimeConnectionDiagnostics kafkaPoolRuntimeDiagnostics(KafkaPoolProperties properties,
                TlsMaterial tlsMaterial) {
            return new RuntimeConnectionDiagnostics(new ConnectionDoctor(properties.getBrokers(), tlsMaterial),
                    properties.getLogLabel());
        }

        @Bean(name = "kafkaPublisher")
        @ConditionalOnMissingBean(KafkaPublisher.class)
        PooledKafkaPublisher kafkaPublisher(KafkaPoolProperties properties, TlsMaterial tlsMaterial,
                ObjectProvider<KafkaPoolProducerCustomizer> customizers,
                ObjectProvider<PublisherMetricsTracker> metricsTracker,
                ObjectProvider<ProducerSupplier> producerSupplier,
                ObjectProvider<MessageInterceptor> interceptor, UndeliveredMessageHandler undeliveredHandler,
                RuntimeConnectionDiagnostics diagnostics, ConfigurableEnvironment environment) {
            IgnoredSettings.report(environment, properties.getLogLabel());
            if (properties.isEnabled() && !properties.getTls().isEnabled()) {
                LoggerFactory.getLogger(KafkaPublisherAutoConfiguration.class)
                    .warn("{} - TLS is disabled (KAFKA_TLS_ENABLED=false): messages and credentials cross the network "
                            + "in PLAINTEXT", properties.getLogLabel());
            }
            PublisherConfig config = PublisherConfigFactory.create(properties, tlsMaterial,
                    customizers.orderedStream().toList());
            return PooledKafkaPublisher.builder(config)
                .producerSupplier(producerSupplier.getIfAvailable(() -> ProducerSupplier.KAFKA))
                .metricsTracker(metricsTracker.getIfAvailable(() -> PublisherMetricsTracker.NONE))
                .undeliveredHandler(undeliveredHandler)
                .failureListener(diagnostics)
                .messageInterceptor(interceptor.getIfAvailable(() -> MessageInterceptor.NONE))
                .build();
        }

        @Bean
        @ConditionalOnSingleCandidate(PooledKafkaPublisher.class)
        @ConditionalOnMissingBean
        KafkaPublisherLifecycle kafkaPublisherLifecycle(PooledKafkaPublisher kafkaPublisher) {
            return new KafkaPublisherLifecycle(kafkaPublisher);
        }

    }

}
