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

    private static final String NOT = "Not delivered";

    /**
     * A message the pool held when it stopped, in {@code situation} ("it waited to be sent again"): not
     * delivered, unless a producer had taken it before ({@link PendingMessage#wasTaken()}); then the broker
     * may have written it, and publishing it again can duplicate it.
     */
    static Undelivered held(PendingMessage pending, String situation, Throwable cause) {
        if (pending.wasTaken()) {
            return new Undelivered(pending, MAYBE + ": " + situation + "; it had reached the Kafka producer ("
                    + pending.attempts() + " attempt(s)), and the broker may have written it", cause);
        }
        return new Undelivered(pending, NOT + ": " + situation, cause);
    }

    /**
     * Whether the broker may have it: it was inside a producer that closed before the answer, or an
     * earlier attempt was.
     */
    boolean mayHaveBeenDelivered() {
        return this.reason.startsWith(MAYBE);
    }

}
