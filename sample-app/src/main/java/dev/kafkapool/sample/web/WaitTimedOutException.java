package dev.kafkapool.sample.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The broker did not acknowledge within {@code sample.http.wait-timeout}: answered 504. The
 * records stay queued in the pool and may still be delivered, so the client must not assume they
 * were lost.
 */
public final class WaitTimedOutException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    /**
     * @param timeout how long the request waited
     */
    public WaitTimedOutException(Duration timeout) {
        super(HttpStatus.GATEWAY_TIMEOUT, ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                "Kafka did not acknowledge within " + timeout.toMillis() + " ms (sample.http.wait-timeout). "
                        + "The records stay queued and may still be delivered."),
                null);
    }

}
