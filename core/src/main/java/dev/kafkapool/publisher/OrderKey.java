package dev.kafkapool.publisher;

import java.util.Arrays;

/** A topic and a record key: the records whose relative order Kafka keeps (one partition). */
final class OrderKey {

    private final String topic;

    private final byte[] key;

    private final int hash;

    private OrderKey(String topic, byte[] key) {
        this.topic = topic;
        this.key = key;
        this.hash = 31 * topic.hashCode() + Arrays.hashCode(key);
    }

    /** The order key of a keyed message. */
    static OrderKey of(KafkaMessage message) {
        return new OrderKey(message.topic(), message.key());
    }

    /** The order key of a message of {@code topic} with {@code key}; {@code null} for a message without a key. */
    static OrderKey of(String topic, byte[] key) {
        return (key != null) ? new OrderKey(topic, key) : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrderKey that && this.hash == that.hash && this.topic.equals(that.topic)
                && Arrays.equals(this.key, that.key);
    }

    @Override
    public int hashCode() {
        return this.hash;
    }

}
