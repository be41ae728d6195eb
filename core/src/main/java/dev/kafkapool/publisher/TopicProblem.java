package dev.kafkapool.publisher;

import java.time.Instant;

/**
 * A topic the pool cannot send to at the moment, and why; records for it wait (or fail) without
 * holding back any other topic or key. For health details and logs.
 *
 * @param topic the topic
 * @param kind what the cluster said about it
 * @param since when the cluster first said so
 * @param waiting records of this topic waiting in the pool
 */
public record TopicProblem(String topic, Kind kind, Instant since, int waiting) {

    /**
     * The most topics the pool lists at once: topic names may come from untrusted input, so
     * problem topics beyond these are handled all the same (their records wait or fail), only
     * not listed.
     */
    public static final int MAX_LISTED = 1000;

    /** What the cluster said about a topic. */
    public enum Kind {

        /** The cluster has no metadata for it yet (it has not answered, or a leader is being elected). */
        NO_METADATA("the cluster has not given its metadata yet"),

        /** The cluster answered that the topic does not exist. */
        MISSING("does not exist on the cluster"),

        /** The cluster refused to describe the topic to this client: no DESCRIBE/WRITE ACL. */
        NOT_AUTHORIZED("this client is not authorized to write to it");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** In plain words. */
        public String description() {
            return this.description;
        }

    }

}
