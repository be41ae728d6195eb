/**
 * A {@code @KafkaListener} in the same app as the publisher, consuming the orders topic with
 * manual acknowledgement (at least once), over the same KAFKA_* mTLS settings.
 */
package dev.kafkapool.sample.listener;
