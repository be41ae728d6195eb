package dev.kafkapool.sample.orders;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.Length;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One line of an order.
 *
 * @param sku the article number, at most 100 characters
 * @param quantity how many, at least one
 */
@Schema(description = "One line of an order.")
public record OrderLine(
        @Schema(example = "BOOK-0042", minLength = 1, maxLength = 100, pattern = "\\S",
                description = "Not blank: at least one character that is not white space",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Length(max = 100, message = "must be at most 100 characters") String sku,
        @Schema(example = "2", minimum = "1", requiredMode = Schema.RequiredMode.REQUIRED) @NotNull @Positive
        Integer quantity) {
}
