package dev.kafkapool.autoconfigure.publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import dev.kafkapool.autoconfigure.KafkaPoolProducerCustomizer;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.PlaceholderHint;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingOrigins;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.connection.ServiceConnectionSource;
import dev.kafkapool.autoconfigure.probe.ConnectionDoctor;
import dev.kafkapool.autoconfigure.probe.RuntimeConnectionDiagnostics;
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
import dev.kafkapool.publisher.journal.JournalException;

/**
 * Auto-configuration of the pooled {@link KafkaPublisher} (bean {@code kafkaPublisher}) from
 * {@code kafka.*} / {@code KAFKA_*}: settings validated, TLS material loaded and checked into the
 * pool's {@link PoolConnection} (bean {@code kafkaPoolConnection}), the pool started with the
 * context and drained at shutdown. Backs off completely when the application defines its own
 * {@link KafkaPublisher}; the settings are still bound.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(KafkaProducer.class)
@EnableConfigurationProperties(KafkaPoolProperties.class)
public final class KafkaPublisherAutoConfiguration {

    /**
     * The pool and everything only it needs. Nothing here is created when the application defines
     * its own {@link KafkaPublisher}: not even the connection, whose checks would otherwise still
     * demand {@code kafka.brokers}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(KafkaPublisher.class)
    static final class PoolConfiguration {

        /** The starter's own connection bean; absent when the application defines a {@link PoolConnection}. */
        static final String CONNECTION_BEAN = "kafkaPoolConnection";

        /**
         * The settings, checked once before the connection and the pool use them, whichever
         * connection the pool gets: an application that defines its own {@link PoolConnection}
         * needs no {@code kafka.brokers}, and every other setting is checked all the same.
         */
        @Bean
        PoolSettings kafkaPoolCheckedSettings(KafkaPoolProperties properties,
                ObjectProvider<ServiceConnectionSource> serviceConnections, ConfigurableEnvironment environment,
                ConfigurableListableBeanFactory beans) {
            PoolSettings settings = new PoolSettings(properties);
            SpellingConflicts.check(environment, properties.getLogLabel());
            try {
                new StarterSettingsCheck(settings, properties).run(
                        !startersConnection(beans) || service(properties, serviceConnections).isPresent(), environment);
            }
            catch (KafkaPoolStartupException ex) {
                // the pool is not built, whose bean says these otherwise: a misspelled setting may be the cause
                reportOtherSettings(properties, environment);
                throw ex;
            }
            return settings;
        }

        /**
         * Whether the pool's connection is the starter's own bean: an application may define one,
         * under any name ({@code kafkaPoolConnection} too), and then brings its own brokers.
         */
        private static boolean startersConnection(ConfigurableListableBeanFactory beans) {
            return beans.containsBeanDefinition(CONNECTION_BEAN) && PoolConfiguration.class.getName()
                .equals(beans.getBeanDefinition(CONNECTION_BEAN).getFactoryBeanName());
        }

        private static Optional<String> service(KafkaPoolProperties properties,
                ObjectProvider<ServiceConnectionSource> serviceConnections) {
            ServiceConnectionSource serviceConnection = serviceConnections.getIfAvailable();
            return (serviceConnection != null && properties.isEnabled()) ? serviceConnection.name() : Optional.empty();
        }

        @Bean(name = CONNECTION_BEAN)
        @ConditionalOnMissingBean
        PoolConnection kafkaPoolConnection(KafkaPoolProperties properties, PoolSettings settings,
                ObjectProvider<SslBundles> sslBundles, ObjectProvider<ServiceConnectionSource> serviceConnections,
                ConfigurableEnvironment environment) {
            ServiceConnectionSource serviceConnection = serviceConnections.getIfAvailable();
            Optional<String> service = service(properties, serviceConnections);
            Logger logger = LoggerFactory.getLogger(KafkaPublisherAutoConfiguration.class);
            if (service.isPresent() && properties.getBrokers().isEmpty()) {
                KafkaConnection connection = serviceConnection.connection(properties);
                logger.info("{} - {} is not set: the pool connects through the application's Kafka service "
                        + "connection {} ({})", properties.getLogLabel(), SettingNames.BROKERS, service.get(),
                        connection.description());
                if (connection.tls().bundle() == null) {
                    logger.warn("{} - The Kafka service connection {} is PLAINTEXT: records cross the network "
                            + "unencrypted (fine for a dev container, not for production)", properties.getLogLabel(),
                            service.get());
                }
                return new PoolConnection(connection);
            }
            if (service.isPresent()) {
                // named as the application set it: kafka.brokers in its properties is no variable to look for
                SettingOrigins.Elsewhere elsewhere = SettingOrigins.elsewhere(environment, SettingNames.BROKERS);
                logger.info("{} - {} is set and wins: the pool connects to it, not to the application's Kafka "
                        + "service connection {}", properties.getLogLabel(),
                        (elsewhere != null) ? elsewhere.named(SettingNames.BROKERS) : SettingNames.BROKERS, service.get());
            }
            try {
                TlsMaterial tls = properties.isEnabled()
                        ? TlsMaterialResolver.resolve(properties, sslBundles.getIfAvailable(), settings.context())
                        : TlsMaterial.plaintext("not connected: Kafka is disabled by " + SettingNames.ENABLED
                                + "=false, so no TLS material is read");
                warnIfExpiringWithoutReload(properties, tls);
                return new PoolConnection(KafkaConnection.of(properties, tls));
            }
            catch (KafkaPoolStartupException ex) {
                // a file the pool cannot read: the setting that names it may be the one misspelled
                reportOtherSettings(properties, environment);
                throw PlaceholderHint.explain(ex, environment);
            }
        }

        /**
         * Without file reload (off, or an SSL bundle), the daily expiry warning of {@code TlsFileReloader} does
         * not run: a certificate that expires within {@code kafka.tls.expiry-warning} is said once at startup.
         */
        private static void warnIfExpiringWithoutReload(KafkaPoolProperties properties, TlsMaterial tls) {
            boolean filesReloaded = properties.getTls().isReload() && tls.sslBundleName() == null;
            Duration warning = properties.getTls().getExpiryWarning();
            if (filesReloaded || warning == null || warning.isZero() || tls.clientCertificate().isEmpty()) {
                return;
            }
            Instant expiry = tls.clientCertificate().get().getNotAfter().toInstant();
            Duration left = Duration.between(Instant.now(), expiry);
            if (left.compareTo(warning) <= 0) {
                LoggerFactory.getLogger(KafkaPublisherAutoConfiguration.class)
                    .warn("{} - The client certificate ({}) expires at {}, in {}, and the pool does not reload it"
                            + " ({}): renew it and restart the application before then, or turn reload on ({}=true)"
                            + " to take renewed files without a restart", properties.getLogLabel(),
                            tls.clientCertificate().get().getSubjectX500Principal().getName(), expiry,
                            SettingText.timeLeft(left),
                            (tls.sslBundleName() != null) ? "an SSL bundle, reloaded only by Spring's reload-on-update"
                                    : SettingNames.TLS_RELOAD + " is off",
                            SettingNames.TLS_RELOAD);
            }
        }

        @Bean
        @ConditionalOnMissingBean
        UndeliveredMessageHandler kafkaPoolUndeliveredMessageHandler() {
            return new LoggingUndeliveredMessageHandler();
        }

        @Bean
        @ConditionalOnMissingBean
        RuntimeConnectionDiagnostics kafkaPoolRuntimeDiagnostics(KafkaPoolProperties properties,
                PoolConnection connection, ObjectProvider<PooledKafkaPublisher> publisher) {
            // deliveries fail with the connection the workers use: while the brokers refuse a renewal, the
            // previous one, which they accept
            return new RuntimeConnectionDiagnostics(new ConnectionDoctor(() -> {
                try {
                    PooledKafkaPublisher pool = publisher.getIfUnique();
                    return (pool != null) ? connection.delivering(pool.connectionInUse()) : connection.current();
                }
                catch (BeansException ex) {
                    // the context is closing and the pool gone
                    return connection.current();
                }
            }), properties.getLogLabel());
        }

        @Bean(name = "kafkaPublisher")
        @ConditionalOnMissingBean(KafkaPublisher.class)
        PooledKafkaPublisher kafkaPublisher(KafkaPoolProperties properties, PoolSettings settings,
                PoolConnection connection,
                ObjectProvider<KafkaPoolProducerCustomizer> customizers,
                ObjectProvider<PublisherMetricsTracker> metricsTracker,
                ObjectProvider<ProducerSupplier> producerSupplier,
                ObjectProvider<MessageInterceptor> interceptor, UndeliveredMessageHandler undeliveredHandler,
                RuntimeConnectionDiagnostics diagnostics, ConfigurableEnvironment environment,
                ListableBeanFactory beans) {
            try {
                KafkaConnection current = connection.current();
                PublisherConfig config = settings.toConfig(ProducerProperties.build(properties, current,
                        customizers.orderedStream().toList(), CustomizerNames.of(beans), settings.context()),
                        TopicLimitSettings.resolve(properties, environment, settings.context()));
                PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(config)
                    .connection(current.forProducers())
                    .producerSupplier(producerSupplier.getIfAvailable(() -> ProducerSupplier.KAFKA))
                    .metricsTracker(metricsTracker.getIfAvailable(() -> PublisherMetricsTracker.NONE))
                    .undeliveredHandler(undeliveredHandler)
                    .failureListener(diagnostics)
                    .messageInterceptor(interceptor.getIfAvailable(() -> MessageInterceptor.NONE))
                    // the context closes it in its own shutdown hook, once the web server has stopped taking requests
                    .exitHook(false)
                    .build();
                // a renewed certificate: new producers, each worker moving once its old one is done
                connection.onReplace((next) -> {
                    publisher.reconnect(next.forProducers());
                    // forgets the connections the workers can no longer use
                    connection.delivering(publisher.connectionInUse());
                });
                return publisher;
            }
            catch (JournalException ex) {
                throw JournalStartupFailure.of(ex, settings.context());
            }
            finally {
                // after the pool's first line ("Starting: brokers=..."), which says what it was given
                reportOtherSettings(properties, environment);
            }
        }

        private static void reportOtherSettings(KafkaPoolProperties properties, ConfigurableEnvironment environment) {
            IgnoredSettings.report(environment, properties.getProducer().keySet(), properties.getLogLabel());
            UnitlessDurations.report(environment, properties.getLogLabel());
            if (properties.isEnabled() && !properties.getTls().isEnabled()) {
                KafkaPoolProperties.Tls tls = properties.getTls();
                List<String> unused = new ArrayList<>();
                addIfSet(unused, SettingNames.TLS_CLIENT_CERT, tls.getClientCert());
                addIfSet(unused, SettingNames.TLS_CLIENT_KEY, tls.getClientKey());
                addIfSet(unused, SettingNames.TLS_CLIENT_CA, tls.getClientCa());
                addIfSet(unused, SettingNames.TLS_BUNDLE, tls.getBundle());
                LoggerFactory.getLogger(KafkaPublisherAutoConfiguration.class)
                    .warn("{} - TLS is disabled ({}=false): messages and credentials cross the network in PLAINTEXT{}",
                            properties.getLogLabel(), SettingNames.TLS_ENABLED, unused.isEmpty() ? ""
                                    : "; " + String.join(", ", unused) + " " + ((unused.size() == 1) ? "is" : "are")
                                            + " set and not used");
            }
        }

        private static void addIfSet(List<String> names, String name, String value) {
            if (value != null && !value.isBlank()) {
                names.add(name);
            }
        }

        @Bean
        @ConditionalOnSingleCandidate(PooledKafkaPublisher.class)
        @ConditionalOnMissingBean
        KafkaPublisherLifecycle kafkaPublisherLifecycle(ObjectProvider<PooledKafkaPublisher> kafkaPublisher) {
            // none when a test replaced the bean after this configuration was read (@MockitoBean KafkaPublisher)
            return new KafkaPublisherLifecycle(kafkaPublisher.getIfUnique());
        }

    }

}
