package dev.kafkapool.sample.orders;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to a new order: stored in Kafka, not processed yet.
 *
 * @param orderId the new order's id
 * @param partition partition of the OrderCreated event
 * @param offset offset of the OrderCreated event
 */
@Schema(description = "The order's OrderCreated event is stored in Kafka; processing follows.")
public record OrderAccepted(@Schema(example = "7f1c0a9e-4c7b-4e0f-9a57-3f0d2c1b8e6a") String orderId,
        @Schema(example = "0") int partition, @Schema(example = "12") long offset) {
}
