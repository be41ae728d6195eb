package dev.kafkapool.publisher;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs undelivered messages at ERROR: a summary line with the count, then one line per message
 * with its topic and key, its value only when the message is not sensitive, and a mark on those
 * the broker may have (an attempt had reached the Kafka producer): publishing those again can
 * duplicate them.
 */
public final class LoggingUndeliveredMessageHandler implements UndeliveredMessageHandler {

    /** How a message the broker may have is marked. */
    private static final String MARK = "may have been delivered";

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    @Override
    public void onUndelivered(String label, List<KafkaMessage> messages, String reason) {
        onUndelivered(label, messages, null, reason);
    }

    /** Marks each message the broker may have ({@code mayHaveBeenDelivered} {@code null}: not known of any). */
    @Override
    public void onUndelivered(String label, List<KafkaMessage> messages, List<Boolean> mayHaveBeenDelivered,
            String reason) {
        boolean anyMarked = mayHaveBeenDelivered != null && mayHaveBeenDelivered.contains(Boolean.TRUE);
        logger.error("{} - {} message(s) were NOT delivered: {}. They are listed below; {}.", label, messages.size(),
                reason, anyMarked ? "publish again those not marked \"" + MARK + "\"" : "publish them again");
        int index = 0;
        for (KafkaMessage message : messages) {
            boolean marked = anyMarked && mayHaveBeenDelivered.get(index);
            index++;
            logger.error("{} - undelivered {}/{}: topic={}, key={}, value={}{}", label, index, messages.size(),
                    message.topic(), LogSafe.text(message.keyAsString()), LogSafe.value(message),
                    marked ? " (" + MARK + ")" : "");
        }
    }

}
