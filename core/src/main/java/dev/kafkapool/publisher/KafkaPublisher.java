package dev.kafkapool.publisher;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pool that publishes messages to Kafka, injected into application code the way a
 * {@code DataSource} is.
 *
 * <p>{@code publish} never blocks on Kafka: it either admits the message into a bounded
 * in-memory queue and returns a future, or throws {@link PublishRejectedException} at once. The
 * future completes when the broker acknowledges the record (after any retries), or exceptionally
 * with {@link DeliveryFailedException} on a terminal failure. It completes on a Kafka producer
 * thread, or, for an outcome the pool decides itself (a missing topic's wait ended, say), on one of
 * the pool's worker threads, or at shutdown on the thread that shuts it down: use the {@code ...Async}
 * stages of {@link CompletableFuture} for slow follow-up work (a stage that blocks a worker holds up
 * its lane). {@code cancel} does not withdraw an admitted message: it returns {@code false}, and the
 * message is delivered or reported as any other.
 *
 * <p>Safe for use by many threads at once, as one shared bean: {@code publish} and
 * {@code publishAll} take no lock that another caller holds while Kafka works. Messages of one key
 * are delivered in the order they were admitted (for one calling thread, the order of its calls).
 */
public interface KafkaPublisher {

    /**
     * Admits one message for delivery.
     * @param message the message
     * @return a future completed with the broker's acknowledgement
     * @throws PublishRejectedException if the message is not admitted; nothing was queued
     * @throws NullPointerException if {@code message} is {@code null}; nothing was queued
     */
    CompletableFuture<Delivery> publish(KafkaMessage message);

    /**
     * Admits all of {@code messages} or none of them. Messages with the same key are delivered
     * in list order.
     * @param messages the messages
     * @return one future per message, in the same order
     * @throws PublishRejectedException if the batch is not admitted; nothing was queued
     * @throws NullPointerException if {@code messages} or one of them is {@code null}; nothing was queued
     */
    List<CompletableFuture<Delivery>> publishAll(List<KafkaMessage> messages);

    /**
     * A snapshot of the pool's counters.
     * @return the statistics
     */
    PublisherStats stats();

}
