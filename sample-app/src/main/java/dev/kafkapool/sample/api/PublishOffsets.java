package dev.kafkapool.sample.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of a publish with {@code wait=true}: one outcome per record, in request order.
 *
 * @param offsets where each record was stored, or why it failed
 */
@Schema(description = "One entry per record, in request order (200).")
public record PublishOffsets(List<RecordOutcome> offsets) implements PublishResponse {
}
