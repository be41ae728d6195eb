package dev.kafkapool.publisher;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Sorts delivery failures: retriable or terminal, and what they say about a topic. */
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

    /**
     * What a refused send or a metadata probe says about its topic. The producer reports missing
     * metadata as a timeout whose cause is the cluster's last answer for the topic.
     */
    static TopicProblem.Kind topicProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownTopicOrPartitionException) {
                return TopicProblem.Kind.MISSING;
            }
            if (cause instanceof TopicAuthorizationException) {
                return TopicProblem.Kind.NOT_AUTHORIZED;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return TopicProblem.Kind.NO_METADATA;
    }

    /** One line: the exception's simple name and message. */
    static String describe(Throwable failure) {
        String described = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (failure instanceof TimeoutException && failure.getMessage() != null
                && failure.getMessage().contains("not present in metadata")) {
            // with max.block.ms=0 Kafka's words read as if the topic were missing, also while no broker answers
            return "no metadata for the topic yet: the cluster has not answered for it (brokers unreachable or refusing"
                    + " the connection, or the topic missing) [" + described + "]";
        }
        return described;
    }

}
