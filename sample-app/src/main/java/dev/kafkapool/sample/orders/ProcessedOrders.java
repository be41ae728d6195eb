package dev.kafkapool.sample.orders;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The orders processed so far, in memory: the listener's side effect that {@code GET
 * /api/v1/orders/{id}} shows. Bounded, so that a long run or large orders cannot exhaust memory:
 * the most recent {@value #CAPACITY}, and of those as many as fit in {@value #MAX_BYTES} bytes (by
 * an estimate of their size on the heap). Recording the same event twice keeps one entry, as
 * at-least-once delivery requires.
 */
@Component
public final class ProcessedOrders {

    static final int CAPACITY = 10_000;

    /** Heap the kept orders may take, by {@link #estimatedBytes}: 16 MiB. */
    static final long MAX_BYTES = 16L << 20;

    private final Clock clock;

    /** In the order recorded; guarded by itself, as {@link #bytes} is. */
    private final LinkedHashMap<String, ProcessedOrder> orders = new LinkedHashMap<>(256, 0.75f, false);

    private long bytes;

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
            if (earlier != null) {
                return earlier;
            }
            this.bytes += estimatedBytes(processed);
            Iterator<ProcessedOrder> eldest = this.orders.values().iterator();
            while (this.orders.size() > 1 && (this.orders.size() > CAPACITY || this.bytes > MAX_BYTES)) {
                this.bytes -= estimatedBytes(eldest.next());
                eldest.remove();
            }
            return processed;
        }
    }

    /** Bytes the kept orders take on the heap, by {@link #estimatedBytes}. */
    long bytes() {
        synchronized (this.orders) {
            return this.bytes;
        }
    }

    /** An upper estimate of an order's heap: objects, headers, and two bytes a character. */
    static long estimatedBytes(ProcessedOrder order) {
        long bytes = 256 + text(order.orderId()) + text(order.customerId());
        if (order.lines() != null) {
            for (OrderLine line : order.lines()) {
                bytes += 64 + ((line != null) ? text(line.sku()) : 0);
            }
        }
        return bytes;
    }

    private static long text(String text) {
        return (text != null) ? 48 + 2L * text.length() : 0;
    }

    /** The processed order with {@code orderId}, if any. */
    public Optional<ProcessedOrder> find(String orderId) {
        synchronized (this.orders) {
            return Optional.ofNullable(this.orders.get(orderId));
        }
    }

}
