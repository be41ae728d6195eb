/**
 * Spring Boot auto-configuration of the pooled Kafka publisher from {@code kafka.*} /
 * {@code KAFKA_*} settings. This package holds what every other one uses: the settings
 * ({@link dev.kafkapool.autoconfigure.KafkaPoolProperties}), their names and how they are written
 * back in messages ({@link dev.kafkapool.autoconfigure.SettingNames}, {@code SettingText},
 * {@code RawSettingValues}, {@code PlaceholderHint}), the switch condition and its inputs, the
 * producer customizer, and the startup failure with its report and analyzers. Sub-packages hold
 * one concern each and depend only downwards: {@code tls}, {@code connection}, then
 * {@code reload} (used by health and metrics only), {@code probe}, {@code publisher},
 * {@code startup}, then {@code health}, {@code metrics}, {@code springkafka}, {@code tracing} and
 * {@code aot}, which nothing uses.
 */
package dev.kafkapool.autoconfigure;
