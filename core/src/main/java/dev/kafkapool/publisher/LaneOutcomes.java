package dev.kafkapool.publisher;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a {@link DeliveryLane} reports about its records' outcomes, and all it reports of them. Lanes
 * never call the pool; the pool calls lanes (offer, start, stop, drain). Besides, a lane shares the
 * pool's {@link TopicProblems} (topics that failed, and their first deliveries), and the pool's
 * producer switch ({@link RefusedProducers}, {@link ProducerHandover}) calls into lanes.
 */
interface LaneOutcomes {

    /** The broker acknowledged {@code pending}. */
    void delivered(PendingMessage pending, RecordMetadata metadata);

    /** A send of {@code pending} failed retriably; the lane keeps it and sends it again. */
    void retrying(PendingMessage pending, Throwable failure);

    /** {@code pending} fails for good, for the reason in {@code why}; {@code failure} may be {@code null}. */
    void failed(PendingMessage pending, String why, Throwable failure);

    /**
     * The pool stopped with {@code pending} still to be decided: the producer closed before the
     * broker answered for it ({@code why} {@code null}), or the broker's answer asked for another
     * attempt that the stopped pool will not make ({@code why} says so).
     */
    void unanswered(PendingMessage pending, String why, Throwable failure);

    /** A worker thread died; {@code recordKept} tells whether the record it held was kept. */
    void workerCrashed(String worker, Throwable failure, boolean recordKept);

}
