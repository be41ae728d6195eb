/**
 * Auto-configuration of the pool itself: the one validator of {@code kafka.*}, the producer
 * settings and the rules for overriding them, the pool's connection bean, and the lifecycle that
 * starts the pool with the context and drains it at shutdown.
 */
package dev.kafkapool.autoconfigure.publisher;
