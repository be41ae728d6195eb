/**
 * The pool's durable journal: append-only, memory-mapped segment files of checksummed records,
 * acknowledged as the broker takes them and replayed at open, behind one directory lock. Knows
 * bytes only; the pool encodes its messages into them.
 * <p>An application meets this package through the pool: {@link dev.kafkapool.publisher.journal.JournalSettings}
 * and {@link dev.kafkapool.publisher.journal.FsyncMode} configure it, and
 * {@link dev.kafkapool.publisher.journal.JournalStats} reports on it. {@link dev.kafkapool.publisher.journal.Journal}
 * and its exceptions are the pool's internals, public only because the pool's package calls them:
 * not an API to call, and they may change in any release.
 */
package dev.kafkapool.publisher.journal;
