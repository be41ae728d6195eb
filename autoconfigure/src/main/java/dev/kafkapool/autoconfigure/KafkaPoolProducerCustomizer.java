package dev.kafkapool.autoconfigure;

import java.util.Map;

/**
 * Callback to adjust the Kafka producer settings of the pool after they are built from
 * {@code kafka.*}. Customizers run in order; a change that would break a guarantee of the pool
 * ({@code acks=all}, idempotence, mTLS from {@code KAFKA_TLS_*} with hostname verification,
 * per-key order, the pool's own {@code max.block.ms}, brokers and serializers), or that Kafka
 * rejects, stops startup with a report naming the customizer's class.
 */
@FunctionalInterface
public interface KafkaPoolProducerCustomizer {

    /**
     * @param producerProperties the mutable producer configuration
     */
    void customize(Map<String, Object> producerProperties);

}
