package dev.kafkapool.sample.web;

import java.io.IOException;

/**
 * Thrown while a body without a usable {@code Content-Length} is read past
 * {@code sample.http.max-body-size}. An {@link IOException}, so that the JSON parser hands it on
 * as the cause of the read failure rather than as a parse error of its own.
 */
final class BodyTooLargeIOException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    BodyTooLargeIOException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return this.limit;
    }

}
