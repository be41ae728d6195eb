package dev.kafkapool.publisher;

/**
 * Completes a publish future exceptionally when a message cannot be delivered: a non-retriable
 * broker answer (too large, not authorized, invalid topic), or a shutdown that ran out of time.
 * Its message names the topic and key, never the value.
 */
public final class DeliveryFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    private final int attempts;

    /**
     * Without a stack trace of its own: it is made on a pool thread, whose frames say nothing to
     * the caller (the cause keeps its own), and a shutdown may make one for each of a million
     * queued records.
     */
    public DeliveryFailedException(String message, String topic, int attempts, Throwable cause) {
        super(message, cause, true, false);
        this.topic = topic;
        this.attempts = attempts;
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
