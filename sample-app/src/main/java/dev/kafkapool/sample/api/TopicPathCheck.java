package dev.kafkapool.sample.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.kafkapool.publisher.TopicNames;

/**
 * Checks a topic taken from a URL before it reaches the pool: Kafka's legal names only, so that a
 * path trick or a control character is a 400 that says so, not a "not allowed" 404. The security's
 * access-denied handler answers with the same 400 for a client whose scopes name other topics.
 */
public final class TopicPathCheck {

    private TopicPathCheck() {
    }

    /** Returns {@code topic} when it is a legal Kafka topic name, or throws a 400. */
    static String requireLegal(String topic) {
        if (topic == null || !TopicNames.isLegal(topic)) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
                    ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, illegalNameDetail(topic)), null);
        }
        return topic;
    }

    /** What a 400 for an illegal topic name says: the name, escaped and cut, and Kafka's rule. */
    public static String illegalNameDetail(String topic) {
        return "'" + printable(topic) + "' is not a legal Kafka topic name: use " + TopicNames.RULE;
    }

    /** The name with control and non-ASCII characters escaped, cut at 64 characters. */
    static String printable(String topic) {
        if (topic == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < topic.length() && i < 64; i++) {
            char c = topic.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append(c);
            }
            else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return (topic.length() > 64) ? out + "..." : out.toString();
    }

}
