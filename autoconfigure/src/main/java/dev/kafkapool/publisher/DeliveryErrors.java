package dev.kafkapool.publisher;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;

/** Sorts delivery failures into retriable ones (queued again) and terminal ones. */
final class DeliveryErrors {

    private DeliveryErrors() {
    }

    /**
     * Whether a failed delivery should be tried again: Kafka's retriable errors (timeouts, broker
     * or leader unavailable, not enough replicas), and TLS authentication failures, which a
     * certificate rotation on either side can fix. Too large, not authorized, invalid topic and
     * other errors are terminal.
     */
    static boolean isRetriable(Throwable failure) {
        return failure instanceof RetriableException || failure instanceof AuthenticationException;
    }

    /** One line: the exception's simple name and message. */
    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

}
