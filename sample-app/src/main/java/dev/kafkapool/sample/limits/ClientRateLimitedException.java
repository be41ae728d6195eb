package dev.kafkapool.sample.limits;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.kafkapool.sample.web.RetryAfter;

/** One client is over its rate: 429 with the {@code Retry-After} its bucket computes. */
public final class ClientRateLimitedException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    private final HttpHeaders headers = new HttpHeaders();

    ClientRateLimitedException(String client, Duration wait) {
        super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS), null);
        long seconds = RetryAfter.set(this.headers, getBody(), wait);
        getBody().setDetail("This client (" + client + ") is over its rate (SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND); "
                + "nothing was queued. Retry after " + seconds + " s.");
        getBody().setProperty("reason", "CLIENT_RATE_LIMITED");
    }

    @Override
    public HttpHeaders getHeaders() {
        return this.headers;
    }

}
