package dev.kafkapool.publisher;

/**
 * Where the broker stored a published message.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset in the partition
 * @param timestamp the record timestamp, epoch milliseconds
 * @param attempts how many times the pool sent the message (1 when no retry was needed)
 */
public record Delivery(String topic, int partition, long offset, long timestamp, int attempts) {
}
