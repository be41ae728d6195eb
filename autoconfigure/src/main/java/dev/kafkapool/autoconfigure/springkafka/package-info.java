/**
 * The pool beside Spring for Apache Kafka, both ways: with {@code KAFKA_BROKERS} set, points
 * {@code KafkaTemplate} and {@code @KafkaListener} at the same brokers and TLS material as the pool,
 * so one set of {@code KAFKA_*} settings serves both; without it, gives the pool the application's
 * Kafka service connection (Testcontainers, Docker Compose). Also stops the application's listener
 * containers after the web server and before the pool drains at shutdown.
 */
package dev.kafkapool.autoconfigure.springkafka;
