package dev.kafkapool.sample.api;

import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.kafkapool.publisher.Delivery;

/**
 * What became of one record: its partition and offset, or the error that stopped it.
 *
 * @param partition the partition, or {@code null} on error
 * @param offset the offset in the partition, or {@code null} on error
 * @param error why the record was not delivered, or {@code null}; names topic and key, never the
 * value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Either partition and offset, or error.")
public record RecordOutcome(@Schema(example = "0", nullable = true) Integer partition,
        @Schema(example = "42", nullable = true) Long offset,
        @Schema(description = "Why the record was not delivered (terminal failure).", nullable = true,
                example = "Message to topic demo with key k1 failed after 1 attempt(s) and will not be retried: "
                        + "RecordTooLargeException: ...")
        String error) {

    /** The outcome of a delivery future: {@code delivery} or {@code failure}. */
    static RecordOutcome of(Delivery delivery, Throwable failure) {
        if (failure == null) {
            return new RecordOutcome(delivery.partition(), delivery.offset(), null);
        }
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                : failure;
        return new RecordOutcome(null, null, (cause.getMessage() != null) ? cause.getMessage()
                : cause.getClass().getSimpleName());
    }

}
