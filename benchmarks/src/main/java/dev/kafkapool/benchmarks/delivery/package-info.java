/**
 * Part 2, delivery: how fast the pool drains N messages to the broker, against Kafka's own
 * {@code ProducerPerformance} with identical producer settings.
 */
package dev.kafkapool.benchmarks.delivery;
