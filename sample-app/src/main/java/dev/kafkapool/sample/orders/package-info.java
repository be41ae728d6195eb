/**
 * The domain example: orders placed over HTTP become {@code OrderCreated} events published
 * through the injected {@link dev.kafkapool.publisher.KafkaPublisher}, keyed by order id.
 */
package dev.kafkapool.sample.orders;
