package dev.kafkapool.autoconfigure.springkafka;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Conditional;

import dev.kafkapool.autoconfigure.ConditionalOnKafkaSetting;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Gives Spring Boot's Kafka auto-configuration the pool's brokers and TLS material as
 * {@link KafkaConnectionDetails}, so a {@code KafkaTemplate} or {@code @KafkaListener} in the same
 * application connects over the same mTLS with no {@code spring.kafka.*} settings. Backs off when
 * the application defines its own connection details, and when {@code KAFKA_BROKERS} is not set.
 * It binds the {@code kafka.*} settings itself, so that it stands alone when the pool's own
 * auto-configuration is excluded.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class,
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaConnectionDetails.class)
@ConditionalOnKafkaSetting("kafka.enabled")
@Conditional(OnBrokersConfiguredCondition.class)
@EnableConfigurationProperties(KafkaPoolProperties.class)
public final class KafkaPoolSpringKafkaAutoConfiguration {

    /** Name of the pool's connection details bean. */
    static final String CONNECTION_DETAILS_BEAN = "kafkaPoolConnectionDetails";

    @Bean(name = CONNECTION_DETAILS_BEAN)
    @ConditionalOnMissingBean(KafkaConnectionDetails.class)
    KafkaConnectionDetails kafkaPoolConnectionDetails(KafkaPoolProperties properties,
            ObjectProvider<PoolConnection> poolConnection, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<PooledKafkaPublisher> publisher, Environment environment) {
        String own = environment.getProperty("spring.kafka.bootstrap-servers");
        if (own != null && !own.isBlank()) {
            // connection details win over spring.kafka.*: say so rather than connect elsewhere in silence
            LoggerFactory.getLogger(KafkaPoolSpringKafkaAutoConfiguration.class)
                .warn("{} - spring.kafka.bootstrap-servers={} is not used: Spring Kafka connects through kafka-pool's "
                        + "connection ({}, over its TLS), as the pool does. Remove it, or set {} to the brokers meant",
                        properties.getLogLabel(), own, String.join(",", properties.getBrokers()), SettingNames.BROKERS);
        }
        // The pool's connection when the pool runs; when the application brings its own publisher
        // there is none, and Spring Kafka still connects with the same kafka.* settings.
        PoolConnection connection = poolConnection.getIfAvailable(() -> new PoolConnection(KafkaConnection.of(
                properties, TlsMaterialResolver.resolve(properties, sslBundles.getIfAvailable(),
                        StartupContext.describe(properties)))));
        // the material the pool's workers deliver with: a renewal the brokers refuse is not followed
        return new PoolKafkaConnectionDetails(connection, () -> {
            PooledKafkaPublisher pool = publisher.getIfAvailable();
            return (pool != null) ? connection.delivering(pool.connectionInUse()) : connection.current();
        });
    }

}
