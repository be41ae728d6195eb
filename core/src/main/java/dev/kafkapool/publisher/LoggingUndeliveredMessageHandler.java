package dev.kafkapool.publisher;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs undelivered messages at ERROR: a summary line with the count, then one line per message
 * with its topic and key, and its value only when the message is not sensitive.
 */
public final class LoggingUndeliveredMessageHandler implements UndeliveredMessageHandler {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    @Override
    public void onUndelivered(String label, List<KafkaMessage> messages, String reason) {
        logger.error("{} - {} message(s) were NOT delivered: {}. They are listed below; publish them again.", label,
                messages.size(), reason);
        int index = 0;
        for (KafkaMessage message : messages) {
            index++;
            logger.error("{} - undelivered {}/{}: topic={}, key={}, value={}", label, index, messages.size(),
                    message.topic(), LogSafe.text(message.keyAsString()), LogSafe.value(message));
        }
    }

}
