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

}
