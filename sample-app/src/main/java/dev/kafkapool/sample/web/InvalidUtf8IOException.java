package dev.kafkapool.sample.web;

import java.io.IOException;

/**
 * Thrown while a body is read at its first byte that is not well-formed UTF-8 (RFC 3629). An
 * {@link IOException}, so that the JSON parser hands it on as the cause of the read failure.
 */
final class InvalidUtf8IOException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long position;

    InvalidUtf8IOException(long position) {
        super("The request body is not valid UTF-8 at byte " + position);
        this.position = position;
    }

    long position() {
        return this.position;
    }

}
