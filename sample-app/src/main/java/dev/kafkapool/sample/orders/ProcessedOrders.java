package dev.kafkapool.sample.orders;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The orders processed so far, in memory: the listener's side effect that {@code GET
 * /api/v1/orders/{id}} shows. Bounded (the most recent {@value #CAPACITY}) so a long run cannot
 * exhaust memory. Recording the same event twice keeps one entry, as at-least-once delivery
 * requires.
 */
@Component
public final class ProcessedOrders {

    static final int CAPACITY = 10_000;

    private final Clock clock;

    private final Map<String, ProcessedOrder> orders = new LinkedHashMap<>(256, 0.75f, false) {

        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProcessedOrder> eldest) {
            return size() > CAPACITY;
        }

    };

    public ProcessedOrders() {
        this(Clock.systemUTC());
    }

    ProcessedOrders(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records that the event at {@code partition}/{@code offset} has been processed. The first
     * event of an order id is the order: a later one with that id (a redelivery, or a record
     * written to the topic by another client) does not replace it.
     * @return the order as recorded, the earlier one if there was one
     */
    public ProcessedOrder record(OrderCreated event, int partition, long offset) {
        ProcessedOrder processed = new ProcessedOrder(event.orderId(), event.customerId(), event.lines(), "PROCESSED",
                partition, offset, this.clock.instant());
        synchronized (this.orders) {
            ProcessedOrder earlier = this.orders.putIfAbsent(event.orderId(), processed);
            return (earlier != null) ? earlier : processed;
        }
    }

    /** The processed order with {@code orderId}, if any. */
    public Optional<ProcessedOrder> find(String orderId) {
        synchronized (this.orders) {
            return Optional.ofNullable(this.orders.get(orderId));
        }
    }

}
