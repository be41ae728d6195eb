package dev.kafkapool.publisher.journal;

import java.io.IOException;

/**
 * A segment file whose bytes are not a segment's (too short, no segment header, cut short before
 * its first record): the only failure to open a segment after which it is moved aside. Any other
 * ({@code Too many open files}, {@code Map failed}, an I/O error) may pass, and the segment's
 * records are whole: the start stops instead.
 */
final class MalformedSegmentException extends IOException {

    private static final long serialVersionUID = 1L;

    MalformedSegmentException(String message) {
        super(message);
    }

}
