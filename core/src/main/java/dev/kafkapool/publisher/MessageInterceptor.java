package dev.kafkapool.publisher;

/**
 * Adjusts a message at admission, on the calling thread, before it is queued: the place to copy
 * thread-bound context (a trace) into headers, because delivery happens on another thread.
 */
@FunctionalInterface
public interface MessageInterceptor {

    /** An interceptor that returns every message unchanged. */
    MessageInterceptor NONE = (message) -> message;

    /**
     * @param message the message being published
     * @return the message to queue: {@code message} itself or a copy with more headers; never
     *         {@code null} (the publish fails with a {@link NullPointerException} naming the interceptor)
     */
    KafkaMessage onPublish(KafkaMessage message);

}
