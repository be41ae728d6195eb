/**
 * TLS to the brokers: client PEM files or a Spring Boot SSL bundle, loaded and checked once at
 * startup, and handed to Kafka clients through an {@code SslEngineFactory}.
 */
package dev.kafkapool.autoconfigure.tls;
