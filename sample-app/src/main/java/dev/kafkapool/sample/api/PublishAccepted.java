package dev.kafkapool.sample.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of a publish without {@code wait}: how many records were queued.
 *
 * @param accepted number of records queued for delivery
 */
@Schema(description = "Records queued for delivery (202).")
public record PublishAccepted(@Schema(example = "1") int accepted) implements PublishResponse {
}
