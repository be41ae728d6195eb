/**
 * Micrometer metrics of the pool ({@code kafka.publisher.*}, tagged {@code pool}) and of its
 * Kafka producers (Micrometer's Kafka client binder).
 */
package dev.kafkapool.autoconfigure.metrics;
