/**
 * The pooled Kafka publisher, in plain Java with no Spring types: callers hand
 * {@link dev.kafkapool.publisher.KafkaMessage}s to a {@link dev.kafkapool.publisher.KafkaPublisher}
 * and return at once; workers deliver them through Kafka producers, retry what fails and drain at
 * shutdown.
 */
package dev.kafkapool.publisher;
