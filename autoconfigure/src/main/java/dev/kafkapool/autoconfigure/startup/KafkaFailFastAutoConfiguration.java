package dev.kafkapool.autoconfigure.startup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.kafkapool.autoconfigure.ConditionalOnKafkaSetting;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Fail-fast startup ({@code kafka.fail-fast}, on by default): the context does not start unless
 * the cluster answers over mTLS and the allow-listed topics exist. With it off, the same check runs
 * once the pool has started and logs what it finds ({@link StartupCheckAdvisory}). Backs off with
 * the pool when the application defines its own publisher.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class)
@ConditionalOnKafkaSetting("kafka.enabled")
@ConditionalOnBean(PoolConnection.class)
public final class KafkaFailFastAutoConfiguration {

    @Bean
    @ConditionalOnKafkaSetting("kafka.fail-fast")
    @ConditionalOnBean(PooledKafkaPublisher.class)
    @ConditionalOnMissingBean
    FailFastLifecycle kafkaPoolFailFast(KafkaPoolProperties properties, PoolConnection connection,
            ObjectProvider<PooledKafkaPublisher> publisher) {
        return new FailFastLifecycle(check(properties, connection, publisher), properties.getLogLabel());
    }

    @Bean
    @ConditionalOnKafkaSetting("kafka.fail-fast")
    static StartupCheckTrigger kafkaPoolStartupCheckTrigger(ObjectProvider<FailFastLifecycle> failFast) {
        return new StartupCheckTrigger(failFast);
    }

    @Bean
    @ConditionalOnKafkaSetting(value = "kafka.fail-fast", havingValue = false)
    @ConditionalOnBean(PooledKafkaPublisher.class)
    @ConditionalOnMissingBean
    StartupCheckAdvisory kafkaPoolStartupCheckAdvisory(KafkaPoolProperties properties, PoolConnection connection,
            ObjectProvider<PooledKafkaPublisher> publisher) {
        return new StartupCheckAdvisory(check(properties, connection, publisher), properties.getLogLabel());
    }

    private static FailFastCheck check(KafkaPoolProperties properties, PoolConnection connection,
            ObjectProvider<PooledKafkaPublisher> publisher) {
        return new FailFastCheck(connection, properties.determineTopics(), properties.getStartupTimeout(),
                properties.getLogLabel(), StartupContext.describe(properties), () -> {
                    PooledKafkaPublisher pool = publisher.getIfUnique();
                    return (pool != null) ? pool.config() : null;
                });
    }

}
