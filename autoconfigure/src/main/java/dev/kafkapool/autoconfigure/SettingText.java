package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * Settings' values written back the way they are set: {@code 7d} rather than {@code PT168H},
 * {@code 2GB} rather than {@code 2147483648B}, so that a log line or a report can be searched for
 * what the operator typed.
 */
public final class SettingText {

    /** The longest duration the JVM's timers count: a {@code long} of nanoseconds, about 292 years. */
    public static final Duration LONGEST_TIMER = Duration.ofNanos(Long.MAX_VALUE);

    private SettingText() {
    }

    /** In the largest unit it is a whole number of: {@code 7d}, {@code 90s}, {@code 1500ms}. */
    public static String of(Duration duration) {
        if (duration == null) {
            return "null";
        }
        if (duration.compareTo(LONGEST_TIMER) > 0) {
            return duration.toDays() + "d";
        }
        if (duration.toNanos() % 1_000_000 != 0 || duration.isZero()) {
            return duration.isZero() ? "0ms" : duration.toNanos() + "ns";
        }
        long millis = duration.toMillis();
        for (Map.Entry<String, Long> unit : List.of(Map.entry("d", 86_400_000L), Map.entry("h", 3_600_000L),
                Map.entry("m", 60_000L), Map.entry("s", 1000L))) {
            if (millis % unit.getValue() == 0) {
                return (millis / unit.getValue()) + unit.getKey();
            }
        }
        return millis + "ms";
    }

    /**
     * Whether a setting that takes a file path holds a file's text instead: PEM text ({@code -----BEGIN}) or
     * more than one line, as an {@code env:} entry from a Kubernetes {@code secretKeyRef} gives. Such a value
     * may be a private key, and is never written anywhere.
     */
    public static boolean isFileText(String path) {
        return path != null && (path.contains("-----BEGIN") || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0);
    }

    /** A file path as set, or, when it holds a file's text ({@link #isFileText}), a placeholder that shows none of it. */
    public static String ofPath(String path) {
        return isFileText(path) ? "(a file's text, not a path: not shown)" : path;
    }

    /** In the largest unit it is a whole number of: {@code 2GB}, {@code 1536KB}. */
    public static String of(DataSize size) {
        if (size == null) {
            return "null";
        }
        long bytes = size.toBytes();
        for (String unit : new String[] { "TB", "GB", "MB", "KB" }) {
            long per = DataSize.parse("1" + unit).toBytes();
            if (bytes != 0 && bytes % per == 0) {
                return (bytes / per) + unit;
            }
        }
        return bytes + "B";
    }

}
