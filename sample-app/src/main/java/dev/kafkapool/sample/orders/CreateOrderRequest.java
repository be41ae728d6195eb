package dev.kafkapool.sample.orders;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Length;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/orders}.
 *
 * @param customerId who orders
 * @param lines what is ordered
 */
@Schema(description = "A new order.")
public record CreateOrderRequest(
        @Schema(example = "customer-7", minLength = 1, maxLength = 100, pattern = "\\S",
                description = "Not blank: at least one character that is not white space",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Length(max = 100, message = "must be at most 100 characters") String customerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull @Size(min = 1, max = 100)
        List<@NotNull @Valid OrderLine> lines) {
}
