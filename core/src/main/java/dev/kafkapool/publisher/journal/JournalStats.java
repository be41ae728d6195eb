package dev.kafkapool.publisher.journal;

/**
 * A snapshot of a journal.
 *
 * @param bytes disk taken by the segment files
 * @param segments segment files
 * @param unacknowledged records written and not yet acknowledged
 * @param oldestUnacknowledgedMillis age of the oldest record not yet acknowledged, or 0
 * @param replayed records found unacknowledged at open and handed back for delivery
 * @param corrupt torn or corrupt records skipped at open (the places they were found: a cut or an unreadable
 * file counts once)
 * @param fsyncs fsyncs done
 * @param fsyncNanos time spent in them
 * @param fsyncFailures fsyncs that failed (the disk answered an error); each round tries again
 * @param sharedDirectory whether another live process writes the directory too (its lock file was
 * deleted, and that process took a new one): the records of both can be lost
 * @param writeFailure why the journal cannot make a new segment file (its directory not writable, read-only, the
 * disk full), or {@code null} when it can: meanwhile each publish that needs one is refused ({@code JOURNAL_FULL})
 * @param torn of {@code corrupt}, the torn writes: records the process was writing when it stopped, never
 * committed and never answered, so nothing lost; the rest is damage, records accepted and lost
 * @param fsyncFailure why the last fsync failed, while none has succeeded since, or {@code null}: meanwhile new
 * records are refused ({@code JOURNAL_FULL}) in {@code interval} mode, and each record's own fsync fails it in
 * {@code always} mode
 */
public record JournalStats(long bytes, int segments, long unacknowledged, long oldestUnacknowledgedMillis,
        long replayed, long corrupt, long fsyncs, long fsyncNanos, long fsyncFailures, boolean sharedDirectory,
        String writeFailure, long torn, String fsyncFailure) {

    /** A snapshot whose last fsync, if any, succeeded. */
    public JournalStats(long bytes, int segments, long unacknowledged, long oldestUnacknowledgedMillis,
            long replayed, long corrupt, long fsyncs, long fsyncNanos, long fsyncFailures, boolean sharedDirectory,
            String writeFailure, long torn) {
        this(bytes, segments, unacknowledged, oldestUnacknowledgedMillis, replayed, corrupt, fsyncs, fsyncNanos,
                fsyncFailures, sharedDirectory, writeFailure, torn, null);
    }

    /** A snapshot that tells no torn writes apart from damage. */
    public JournalStats(long bytes, int segments, long unacknowledged, long oldestUnacknowledgedMillis,
            long replayed, long corrupt, long fsyncs, long fsyncNanos, long fsyncFailures, boolean sharedDirectory,
            String writeFailure) {
        this(bytes, segments, unacknowledged, oldestUnacknowledgedMillis, replayed, corrupt, fsyncs, fsyncNanos,
                fsyncFailures, sharedDirectory, writeFailure, 0, null);
    }

    /** A snapshot without fsync failures, of a directory of its own. */
    public JournalStats(long bytes, int segments, long unacknowledged, long oldestUnacknowledgedMillis,
            long replayed, long corrupt, long fsyncs, long fsyncNanos) {
        this(bytes, segments, unacknowledged, oldestUnacknowledgedMillis, replayed, corrupt, fsyncs, fsyncNanos, 0,
                false, null, 0, null);
    }

}
