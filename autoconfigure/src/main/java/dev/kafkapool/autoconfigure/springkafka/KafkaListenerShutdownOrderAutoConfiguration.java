package dev.kafkapool.autoconfigure.springkafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Stops the application's {@code @KafkaListener} containers after the web server has stopped taking
 * requests and before the pool drains: {@link ListenerContainerPhase}. Spring Kafka's own phase stops
 * them first, and a consumer whose close waits for a broker that does not answer (30 s by Kafka's
 * default) kept the web server taking, and the pool accepting, records all that time after SIGTERM.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class)
@ConditionalOnClass(AbstractKafkaListenerContainerFactory.class)
@ConditionalOnBean(PooledKafkaPublisher.class)
public final class KafkaListenerShutdownOrderAutoConfiguration {

    /**
     * Static: a post-processor is made before the other beans, and so sees Spring Kafka's registry and every listener
     * container the application declares as a bean.
     */
    @Bean
    static ListenerContainerPhase kafkaPoolListenerContainerPhase() {
        return new ListenerContainerPhase();
    }

}
