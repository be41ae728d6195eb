/**
 * Part 1, admission: what a calling thread pays to hand one message over, the pool's
 * {@code publish} against {@code KafkaTemplate.send}, with the broker up and down (JMH).
 */
package dev.kafkapool.benchmarks.admission;
