package dev.kafkapool.publisher;

/**
 * A message left at shutdown, with why it was not delivered.
 *
 * @param pending the message
 * @param reason in words: never sent, or sent without an answer
 * @param cause the last failure, or {@code null}
 */
record Undelivered(PendingMessage pending, String reason, Throwable cause) {

    static final String MAYBE = "May have been delivered";

    /** Whether the broker may have it: it was inside a producer that closed before the answer. */
    boolean mayHaveBeenDelivered() {
        return this.reason.startsWith(MAYBE);
    }

}
