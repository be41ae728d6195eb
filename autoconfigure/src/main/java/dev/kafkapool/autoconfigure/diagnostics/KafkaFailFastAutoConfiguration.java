package dev.kafkapool.autoconfigure.diagnostics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.kafkapool.autoconfigure.ConditionalOnKafkaSetting;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Fail-fast startup ({@code KAFKA_FAIL_FAST=true}, the default): the context does not start
 * unless the cluster answers over mTLS and the allow-listed topics exist. Backs off with the pool
 * when the application defines its own publisher.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class)
@ConditionalOnKafkaSetting({ "kafka.enabled", "kafka.fail-fast" })
@ConditionalOnBean(TlsMaterial.class)
public final class KafkaFailFastAutoConfiguration {

    @Bean
    @ConditionalOnBean(PooledKafkaPublisher.class)
    @ConditionalOnMissingBean
    KafkaStartupVerifier kafkaStartupVerifier(KafkaPoolProperties properties, TlsMaterial tlsMaterial) {
        return new KafkaStartupVerifier(properties, tlsMaterial);
    }

    @Bean
    static StartupCheckTrigger kafkaStartupCheckTrigger(ObjectProvider<KafkaStartupVerifier> verifier) {
        return new StartupCheckTrigger(verifier);
    }

}
