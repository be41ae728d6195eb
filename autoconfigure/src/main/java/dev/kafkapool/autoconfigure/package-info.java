/**
 * Spring Boot auto-configuration of the pooled Kafka publisher from {@code kafka.*} /
 * {@code KAFKA_*} settings. Sub-packages hold one concern each: {@code tls}, {@code springkafka},
 * {@code diagnostics}, {@code health}, {@code metrics}.
 */
package dev.kafkapool.autoconfigure;
