package dev.kafkapool.sample.api;

/** A successful answer of the publish endpoint: records queued, or their offsets. */
public sealed interface PublishResponse permits PublishAccepted, PublishOffsets {
}
