package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by {@link KafkaPublisher#publish} when a message is not admitted. Nothing was queued;
 * the caller may retry later (for {@link Reason#QUEUE_FULL}, or after {@link #retryAfter()} for
 * {@link Reason#RATE_LIMITED}) or fix the message.
 */
public final class PublishRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    private final Duration retryAfter;

    private final String detail;

    /** A refusal for {@code reason}, with no time after which trying again is known to help. */
    public PublishRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** A refusal that knows when the same message would be admitted ({@code retryAfter}, or {@code null}). */
    public PublishRejectedException(Reason reason, String message, Duration retryAfter) {
        this(reason, message, retryAfter, message);
    }

    /**
     * A refusal whose {@code detail} says what was refused and why, without what the message adds for
     * the application's log (the pool's label and counters).
     */
    public PublishRejectedException(Reason reason, String message, Duration retryAfter, String detail) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.detail = (detail != null) ? detail : message;
    }

    /**
     * What was refused and why, in words, without the pool's label and counters, e.g. which bound a
     * {@link Reason#TOO_LARGE} message is over and what that bound is: for the caller that sent it
     * (it names topics, sizes and settings, never a key or a value).
     */
    public String detail() {
        return this.detail;
    }

    /**
     * How long until the same message would be admitted, where the pool knows it: for
     * {@link Reason#RATE_LIMITED}, computed from the topic's bucket.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(this.retryAfter);
    }

    /** Why the message was refused. */
    public Reason reason() {
        return this.reason;
    }

    /** Why a message was refused at admission. */
    public enum Reason {

        /** The queue holds {@code queue-capacity} messages or {@code queue-max-bytes} bytes. */
        QUEUE_FULL,

        /** Kafka is disabled: {@link PublisherConfig#enabled()} is false ({@code KAFKA_ENABLED=false} in the starter). */
        DISABLED,

        /** The pool is draining for shutdown or has stopped. */
        SHUTTING_DOWN,

        /**
         * The topic is not among {@link PublisherConfig#allowedTopics()} ({@code KAFKA_TOPICS} in the
         * starter), or is not a legal topic name.
         */
        TOPIC_NOT_ALLOWED,

        /**
         * What was offered can never be taken, so trying again cannot help: a record larger than the
         * producer's {@code max.request.size} (or its {@code buffer.memory}, when smaller), a batch of more
         * messages or bytes than the whole queue holds ({@code queue-capacity}, {@code queue-max-bytes}), more
         * than a topic's rate admits at once (its burst), or, with a journal, a record over one journal
         * segment. {@link #QUEUE_FULL} and {@link #RATE_LIMITED} are the refusals that pass.
         */
        TOO_LARGE,

        /**
         * The journal holds its most bytes, or its disk is full: the broker must take what it
         * holds before more is accepted. Also when, with fsync {@code always}, the disk failed the
         * fsync that was to cover the record.
         */
        JOURNAL_FULL,

        /**
         * The topic's rate ({@code kafka.topic-limits.<topic>.*}) has no room for the record now;
         * {@link PublishRejectedException#retryAfter()} says when it has.
         */
        RATE_LIMITED

    }

}
