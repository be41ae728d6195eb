package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;

/**
 * Completes a publish future exceptionally when a message cannot be delivered: a non-retriable
 * broker answer (too large, not authorized, invalid topic), or a shutdown that ran out of time.
 * Its message names the topic and key, never the value.
 */
public final class DeliveryFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    private final int attempts;

    /** For a message built when read: what comes before {@code ": topic T, key K"}; {@code null} otherwise. */
    private final String lead;

    /** The key named in a message built when read. */
    private final byte[] key;

    /** What comes after the key in a message built when read. */
    private final String tail;

    /**
     * Without a stack trace of its own: it is made on a pool thread, whose frames say nothing to
     * the caller (the cause keeps its own), and a shutdown may make one for each of a million
     * queued records.
     */
    public DeliveryFailedException(String message, String topic, int attempts, Throwable cause) {
        super(message, cause, true, false);
        this.topic = topic;
        this.attempts = attempts;
        this.lead = null;
        this.key = null;
        this.tail = null;
    }

    /**
     * One whose message, {@code lead + ": topic T, key K" + tail}, is built when it is read. A shutdown fails every
     * record it gives up on with one of these, and hundreds of thousands of messages built at once (a backlog's
     * worth, on a heap the backlog already fills) ran the JVM out of memory before the report was logged. The key
     * is the message's own array, not a copy.
     */
    DeliveryFailedException(String lead, String topic, byte[] key, String tail, int attempts, Throwable cause) {
        super(null, cause, true, false);
        this.topic = topic;
        this.attempts = attempts;
        this.lead = lead;
        this.key = key;
        this.tail = tail;
    }

    @Override
    public String getMessage() {
        if (this.lead == null) {
            return super.getMessage();
        }
        return this.lead + ": topic " + LogSafe.text(this.topic) + ", key "
                + LogSafe.text((this.key != null) ? new String(this.key, StandardCharsets.UTF_8) : null) + this.tail;
    }

    /** The topic the message was meant for. */
    public String topic() {
        return this.topic;
    }

    /** How many times the message was sent. */
    public int attempts() {
        return this.attempts;
    }

}
