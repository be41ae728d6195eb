package dev.kafkapool.sample.orders;

import java.time.Instant;
import java.util.List;

/**
 * The event published to the orders topic, keyed by {@code orderId} so that every event of one
 * order lands in one partition, in order.
 *
 * @param orderId the order's id
 * @param customerId who ordered
 * @param lines what was ordered
 * @param createdAt when the order was accepted
 */
public record OrderCreated(String orderId, String customerId, List<OrderLine> lines, Instant createdAt) {

    /** Value of the {@code event-type} header of these records. */
    public static final String EVENT_TYPE = "OrderCreated";

}
