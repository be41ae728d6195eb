/**
 * The {@code kafka} health contributor: answers within a bounded time whatever the brokers do,
 * from a cached cluster check run on its own thread with one long-lived admin client.
 */
package dev.kafkapool.autoconfigure.health;
