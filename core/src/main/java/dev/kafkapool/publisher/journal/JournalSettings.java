package dev.kafkapool.publisher.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a journal lives and how it writes.
 *
 * @param directory the directory of the segment files and the lock
 * @param fsync when records are forced to the disk
 * @param fsyncInterval the most time between fsyncs in {@link FsyncMode#INTERVAL} mode
 * @param maxBytes the most disk the segment files may take; beyond it appends are refused
 * @param segmentBytes the size of one segment file
 */
public record JournalSettings(Path directory, FsyncMode fsync, Duration fsyncInterval, long maxBytes,
        int segmentBytes) {

    /** Default size of a segment file. */
    public static final int DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

    public JournalSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be positive, was " + fsyncInterval);
        }
        if (fsyncInterval.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0) {
            // the journal's timer counts nanoseconds in a long: a longer interval failed the journal's opening
            throw new IllegalArgumentException("fsyncInterval must be at most " + Duration.ofNanos(Long.MAX_VALUE).toDays()
                    + "d (the longest wait the JVM's timers count), was " + fsyncInterval.toDays() + "d");
        }
        if (segmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 64 KB, was " + segmentBytes);
        }
        if (maxBytes < 2L * segmentBytes) {
            throw new IllegalArgumentException("maxBytes must hold at least two segments of " + segmentBytes
                    + " bytes, was " + maxBytes);
        }
    }

    /** Settings with segments sized for {@code maxBytes}: 64 MB, or an eighth of it when smaller. */
    public static JournalSettings of(Path directory, FsyncMode fsync, Duration fsyncInterval, long maxBytes) {
        long eighth = Math.max(64 * 1024, (maxBytes / 8) & ~4095L);
        return new JournalSettings(directory, fsync, fsyncInterval, maxBytes,
                (int) Math.min(DEFAULT_SEGMENT_BYTES, eighth));
    }

}
