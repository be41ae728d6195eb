package dev.kafkapool.sample.web;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * Thrown while a body declared in a charset other than UTF-8 is read, at its first byte sequence
 * that is not well-formed in that charset or has no Unicode character. An {@link IOException},
 * so that the JSON converter hands it on as the cause of the read failure.
 */
final class InvalidCharsetIOException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String charset;

    private final long position;

    InvalidCharsetIOException(Charset charset, long position) {
        super("The request body is not valid " + charset.name() + " at byte " + position);
        this.charset = charset.name();
        this.position = position;
    }

    String charset() {
        return this.charset;
    }

    long position() {
        return this.position;
    }

}
