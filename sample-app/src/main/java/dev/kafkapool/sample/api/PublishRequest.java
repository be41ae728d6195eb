package dev.kafkapool.sample.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/topics/{topic}/records}: the records to publish, all or none.
 *
 * @param records the records, in the order they are published
 */
@Schema(description = "Records to publish to the topic; the batch is queued all or none.")
public record PublishRequest(
        @ArraySchema(minItems = 1, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "At least one record; at most sample.http.max-records (413 beyond)."))
        @NotEmpty(message = "must hold at least one record")
        List<@NotNull(message = "must be a record object, not null") @Valid RecordRequest> records) {
}
