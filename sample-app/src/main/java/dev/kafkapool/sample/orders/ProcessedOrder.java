package dev.kafkapool.sample.orders;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An order the listener has processed.
 *
 * @param orderId the order's id
 * @param customerId who ordered
 * @param lines what was ordered
 * @param status always {@code PROCESSED}
 * @param partition partition its event was read from
 * @param offset offset of its event
 * @param processedAt when the listener processed it
 */
@Schema(description = "An order whose OrderCreated event the listener has processed.")
public record ProcessedOrder(String orderId, String customerId, List<OrderLine> lines,
        @Schema(example = "PROCESSED") String status, int partition, long offset, Instant processedAt) {
}
