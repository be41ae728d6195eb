/**
 * Trace propagation: the trace context of the thread that calls {@code publish} travels with
 * the message through the queue into the record's headers (W3C {@code traceparent}).
 */
package dev.kafkapool.autoconfigure.tracing;
