/**
 * The pool's durable journal: append-only, memory-mapped segment files of checksummed records,
 * acknowledged as the broker takes them and replayed at open, behind one directory lock. Knows
 * bytes only; the pool encodes its messages into them.
 */
package dev.kafkapool.publisher.journal;
