package dev.kafkapool.sample.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The broker did not acknowledge within {@code sample.http.wait-timeout}: answered 504. The
 * records stay queued in the pool and may still be delivered, so the client must not assume they
 * were lost; those of a topic that does not exist wait for it up to the pool's missing-topic timeout,
 * and then fail (the 504 says so: a caller that waited on such a topic learns why).
 */
public final class WaitTimedOutException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    /**
     * @param timeout how long the request waited
     */
    public WaitTimedOutException(Duration timeout) {
        super(HttpStatus.GATEWAY_TIMEOUT, ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                "Kafka did not acknowledge within " + timeout.toMillis() + " ms (sample.http.wait-timeout). "
                        + "The records stay queued and may still be delivered. A topic that does not exist holds its "
                        + "records up to KAFKA_MISSING_TOPIC_TIMEOUT, then they fail (/actuator/health/kafka lists such topics)."),
                null);
    }

}
