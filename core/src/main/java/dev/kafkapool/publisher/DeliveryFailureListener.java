package dev.kafkapool.publisher;

/**
 * Told about every failed delivery attempt, retriable or not, so that the application can react
 * (diagnose the connection, alert). Called on Kafka producer threads: return quickly, never
 * throw. What it throws anyway, an {@link Error} included, is logged and changes nothing for the
 * message. The message's value must not be logged if it is sensitive.
 */
@FunctionalInterface
public interface DeliveryFailureListener {

    /** A listener that does nothing. */
    DeliveryFailureListener NONE = (message, failure, willRetry) -> {
    };

    /**
     * @param message the message that failed
     * @param failure the cause reported by the Kafka producer, or, for a failure the pool decides
     *        itself (a topic still missing after the missing-topic timeout, say), the
     *        {@link DeliveryFailedException} that the message's future completes with
     * @param willRetry whether the pool queues the message again
     */
    void onDeliveryFailure(KafkaMessage message, Throwable failure, boolean willRetry);

}
