package dev.kafkapool.sample.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory record of processed orders. */
class ProcessedOrdersTests {

    private final ProcessedOrders orders = new ProcessedOrders(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aRecordedOrderIsFoundAsProcessed() {
        this.orders.record(event("o-1"), 2, 42);

        assertThat(this.orders.find("o-1")).hasValueSatisfying((order) -> {
            assertThat(order.status()).isEqualTo("PROCESSED");
            assertThat(order.partition()).isEqualTo(2);
            assertThat(order.offset()).isEqualTo(42);
            assertThat(order.processedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        });
        assertThat(this.orders.find("o-2")).isEmpty();
    }

    @Test
    void theSameEventDeliveredTwiceKeepsOneOrder() {
        this.orders.record(event("o-1"), 0, 7);
        this.orders.record(event("o-1"), 0, 7);

        assertThat(this.orders.find("o-1")).isPresent();
    }

    @Test
    void aLaterEventWithTheIdOfAnOrderDoesNotReplaceIt() {
        this.orders.record(event("o-1"), 0, 7);
        ProcessedOrder kept = this.orders.record(new OrderCreated("o-1", "someone-else",
                List.of(new OrderLine("free", 999)), Instant.EPOCH), 0, 8);

        assertThat(kept.offset()).isEqualTo(7);
        assertThat(this.orders.find("o-1")).hasValueSatisfying((order) -> {
            assertThat(order.customerId()).isEqualTo("c");
            assertThat(order.offset()).isEqualTo(7);
        });
    }

    @Test
    void onlyTheMostRecentOrdersAreKept() {
        for (int i = 0; i <= ProcessedOrders.CAPACITY; i++) {
            this.orders.record(event("o-" + i), 0, i);
        }

        assertThat(this.orders.find("o-0")).isEmpty();
        assertThat(this.orders.find("o-1")).isPresent();
        assertThat(this.orders.find("o-" + ProcessedOrders.CAPACITY)).isPresent();
    }

    private static OrderCreated event(String id) {
        return new OrderCreated(id, "c", List.of(new OrderLine("sku", 1)), Instant.EPOCH);
    }

    @Test
    void largeOrdersAreKeptWithinTheByteBoundTheNewestFirst() {
        List<OrderLine> lines = java.util.Collections.nCopies(100, new OrderLine("S".repeat(100), 1));
        int recorded = 2_000;
        for (int i = 0; i < recorded; i++) {
            this.orders.record(new OrderCreated("big-" + i, "c".repeat(100), lines, Instant.EPOCH), 0, i);
            assertThat(this.orders.bytes()).isLessThanOrEqualTo(ProcessedOrders.MAX_BYTES);
        }
        assertThat(this.orders.find("big-" + (recorded - 1))).isPresent();
        assertThat(this.orders.find("big-0")).as("the eldest, let go for room").isEmpty();
        // what the estimate counts is at least the characters these orders hold, two bytes each
        long kept = java.util.stream.IntStream.range(0, recorded)
            .filter((i) -> this.orders.find("big-" + i).isPresent())
            .count();
        assertThat(kept * 100 * 100 * 2).isLessThanOrEqualTo(ProcessedOrders.MAX_BYTES);
        assertThat(kept).isGreaterThan(100);
    }

}
