/**
 * Spring Boot auto-configuration of the pooled Kafka publisher from {@code kafka.*} /
 * {@code KAFKA_*} settings. This package holds what every other one uses: the settings
 * ({@link dev.kafkapool.autoconfigure.KafkaPoolProperties}) and their names
 * ({@link dev.kafkapool.autoconfigure.SettingNames}), the switch condition, and the startup failure
 * with its analyzers. Sub-packages hold one concern each and depend only downwards: {@code tls},
 * {@code connection}, {@code probe}, {@code publisher}, {@code startup}, then {@code health},
 * {@code metrics}, {@code springkafka} and {@code tracing}, which nothing uses.
 */
package dev.kafkapool.autoconfigure;
