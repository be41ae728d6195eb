/**
 * Points Spring for Apache Kafka ({@code KafkaTemplate}, {@code @KafkaListener}) at the same
 * brokers and TLS material as the pool, so one set of {@code KAFKA_*} settings serves both.
 */
package dev.kafkapool.autoconfigure.springkafka;
