package dev.kafkapool.publisher;

import java.util.List;

/**
 * Receives the messages a pool could not deliver before it stopped (shutdown timeout, broker
 * down). The default writes them to the log. With a journal it is not called: the journal keeps
 * those messages for the next start.
 */
@FunctionalInterface
public interface UndeliveredMessageHandler {

    /**
     * Called at shutdown when messages were left undelivered; and later again, in batches, for the messages a
     * Kafka producer that had not closed within the shutdown timeout fails when it does. On a thread of the pool's,
     * waited for a bounded time.
     * @param label the pool's label
     * @param messages the messages, in admission order
     * @param reason why they were not delivered
     */
    void onUndelivered(String label, List<KafkaMessage> messages, String reason);

    /**
     * As {@link #onUndelivered(String, List, String)}, saying of each message whether the broker may have it
     * (a producer had taken it before the pool stopped): publishing such a message again can duplicate it.
     * The pool calls this one; by default it passes the messages on without that.
     * @param mayHaveBeenDelivered for each of {@code messages}, in the same order
     */
    default void onUndelivered(String label, List<KafkaMessage> messages, List<Boolean> mayHaveBeenDelivered,
            String reason) {
        onUndelivered(label, messages, reason);
    }

}
