package dev.kafkapool.sample.orders;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The event published to the orders topic, keyed by {@code orderId} so that every event of one
 * order lands in one partition, in order. Its bounds are those of {@link CreateOrderRequest}: the
 * listener skips an event beyond them, which another client may have written to the topic.
 *
 * @param orderId the order's id
 * @param customerId who ordered
 * @param lines what was ordered
 * @param createdAt when the order was accepted
 */
public record OrderCreated(@NotBlank @Size(max = 100) String orderId, @NotBlank @Size(max = 100) String customerId,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid OrderLine> lines, Instant createdAt) {

    /** Value of the {@code event-type} header of these records. */
    public static final String EVENT_TYPE = "OrderCreated";

}
