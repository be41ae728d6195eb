package dev.kafkapool.sample.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * {@code Retry-After} of a 429 from a computed wait: whole seconds rounded up, at least 1 (the
 * header has no finer unit), and the exact wait as {@code retryAfterMillis} in the problem.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code Retry-After} of a 429 that has no computed wait: {@code sample.http.retry-after} in whole
     * seconds, rounded up (0 stays 0: the setting allows it).
     */
    public static long configuredSeconds(Duration retryAfter) {
        return Math.max(0, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Sets both and returns the seconds. */
    public static long set(HttpHeaders headers, ProblemDetail problem, Duration wait) {
        long millis = Math.max(1, (wait.toNanos() + 999_999) / 1_000_000);
        long seconds = Math.max(1, (millis + 999) / 1000);
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problem.setProperty("retryAfterMillis", millis);
        return seconds;
    }

}
