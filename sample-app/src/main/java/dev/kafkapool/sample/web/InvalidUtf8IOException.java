package dev.kafkapool.sample.web;

import java.io.IOException;

/**
 * Thrown while a body is read at its first byte that is not well-formed UTF-8 (RFC 3629). An
 * {@link IOException}, so that the JSON parser hands it on as the cause of the read failure.
 */
final class InvalidUtf8IOException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long position;

    private final boolean zeroByte;

    InvalidUtf8IOException(long position) {
        this(position, false);
    }

    private InvalidUtf8IOException(long position, boolean zeroByte) {
        super(zeroByte ? "The request body holds a zero byte at byte " + position
                : "The request body is not valid UTF-8 at byte " + position);
        this.position = position;
        this.zeroByte = zeroByte;
    }

    /** A {@code 00} byte in a JSON body: well-formed UTF-8, but no JSON text, and how UTF-16 and UTF-32 look. */
    static InvalidUtf8IOException zeroByte(long position) {
        return new InvalidUtf8IOException(position, true);
    }

    long position() {
        return this.position;
    }

    /** Whether it is a JSON body's {@code 00} byte rather than a sequence UTF-8 does not have. */
    boolean zeroByte() {
        return this.zeroByte;
    }

}
