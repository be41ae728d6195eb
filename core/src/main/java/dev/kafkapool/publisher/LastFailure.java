package dev.kafkapool.publisher;

import java.time.Instant;

/**
 * The most recent failed delivery attempt of a pool.
 *
 * @param at when it failed
 * @param topic the topic of the message; {@code null} for a journaled record that could not be read back
 * @param description the error, in one line
 * @param retriable whether the message is tried again
 */
public record LastFailure(Instant at, String topic, String description, boolean retriable) {
}
