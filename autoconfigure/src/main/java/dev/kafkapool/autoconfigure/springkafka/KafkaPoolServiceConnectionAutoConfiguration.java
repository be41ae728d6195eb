package dev.kafkapool.autoconfigure.springkafka;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;

import dev.kafkapool.autoconfigure.connection.ServiceConnectionSource;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;

/**
 * Lets the pool connect through the application's Kafka service connection (Testcontainers'
 * {@code @ServiceConnection}, or a {@code KafkaConnectionDetails} bean of its own) when {@code KAFKA_BROKERS} is not set: the other
 * direction of {@link KafkaPoolSpringKafkaAutoConfiguration}, which gives Spring Kafka the pool's
 * connection when it is.
 */
@AutoConfiguration(before = KafkaPublisherAutoConfiguration.class)
@ConditionalOnClass(KafkaConnectionDetails.class)
public final class KafkaPoolServiceConnectionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceConnectionSource kafkaPoolServiceConnection(ListableBeanFactory beanFactory) {
        return new KafkaConnectionDetailsSource(beanFactory);
    }

}
