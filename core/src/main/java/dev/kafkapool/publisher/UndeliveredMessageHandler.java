package dev.kafkapool.publisher;

import java.util.List;

/**
 * Receives the messages a pool could not deliver before it stopped (shutdown timeout, broker
 * down). The default writes them to the log; a disk journal can take their place.
 */
@FunctionalInterface
public interface UndeliveredMessageHandler {

    /**
     * Called once, at shutdown, when messages were left undelivered.
     * @param label the pool's label
     * @param messages the messages, in admission order
     * @param reason why they were not delivered
     */
    void onUndelivered(String label, List<KafkaMessage> messages, String reason);

}
