package dev.kafkapool.autoconfigure;

import java.util.Map;

/**
 * Callback to adjust the Kafka producer settings of the pool after they are built from
 * {@code kafka.*}. {@code acks=all} and {@code enable.idempotence=true} are applied after every
 * customizer and cannot be changed.
 */
@FunctionalInterface
public interface KafkaPoolProducerCustomizer {

    /**
     * @param producerProperties the mutable producer configuration
     */
    void customize(Map<String, Object> producerProperties);

}
