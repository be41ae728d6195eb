/**
 * The kafka-pool sample app: a REST API that publishes records through the pooled
 * {@link dev.kafkapool.publisher.KafkaPublisher}, a domain example (orders) and a
 * {@code @KafkaListener} consuming what it published.
 */
package dev.kafkapool.sample;
