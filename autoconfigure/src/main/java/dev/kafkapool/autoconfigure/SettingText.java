package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

import dev.kafkapool.publisher.PublisherConfig;

/**
 * Settings' values written back the way they are set: {@code 7d} rather than {@code PT168H},
 * {@code 2GB} rather than {@code 2147483648B}, so that a log line or a report can be searched for
 * what the operator typed.
 */
public final class SettingText {

    /** The longest duration the JVM's timers count: the core's {@link PublisherConfig#LONGEST_TIMER}. */
    public static final Duration LONGEST_TIMER = PublisherConfig.LONGEST_TIMER;

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
     * A time left, as a person reads it: whole days from two days on, then hours and minutes, then
     * minutes, then seconds ({@code 47 h 59 min}, not the {@code 1 day} a rounding down would say).
     */
    public static String timeLeft(Duration left) {
        if (left.isNegative()) {
            return "0 s";
        }
        if (left.toDays() >= 2) {
            return left.toDays() + " days";
        }
        if (left.toHours() >= 1) {
            return left.toHours() + " h " + left.toMinutesPart() + " min";
        }
        return (left.toMinutes() >= 1) ? left.toMinutes() + " min" : left.toSeconds() + " s";
    }

    /** {@code -----BEGIN} as base64 text shows it, at each of the three offsets of base64's three-byte groups. */
    private static final String BASE64_BEGIN = "LS0tLS1CRUdJT|tLS0tLUJFR0lO|0tLS0tQkVHSU";

    /**
     * The start of a PEM block ({@code -----BEGIN}), the same bytes as base64 at each of the three offsets base64
     * can put them at (a Secret's {@code data:} value), or a line break inside the value.
     */
    private static final Pattern FILE_TEXT_MARKER = Pattern.compile("-----BEGIN|" + BASE64_BEGIN + "|[\\r\\n]");

    /** {@code -----BEGIN} as base64, at each of the three offsets. */
    private static final Pattern BASE64_PEM_MARKER = Pattern.compile(BASE64_BEGIN);

    /**
     * PEM blocks (to their END line, or, cut short, through the lines of base64 that follow the BEGIN line: a
     * report may name a block, "-----BEGIN CERTIFICATE----- with no END"), and runs of base64 long
     * enough to be a key or a certificate: 40 or more characters with both cases of letters and a digit, not
     * starting with a slash and not inside a longer run (so a path, which starts with one, a host name or a hex
     * fingerprint is kept, and the scan stays linear).
     */
    private static final Pattern KEY_TEXT = Pattern.compile("-----BEGIN[^-]{0,40}-----(?:[\\sA-Za-z0-9+/=:,.-]*?"
            + "-----END[^-]{0,40}-----|\\s*[A-Za-z0-9+/=]{16,}(?:\\r?\\n[A-Za-z0-9+/=]+)*)|(?<![A-Za-z0-9+/])(?!/)(?=[A-Za-z0-9+/]*[A-Z])"
            + "(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{40,}=*");

    /**
     * Whether a setting holds a file's text rather than a name or a path: PEM text ({@code -----BEGIN}), the
     * same as base64 (a Secret's {@code data:} value), or more than one line, as an {@code env:} entry from a
     * Kubernetes {@code secretKeyRef} gives. Such a value may be a private key, and is never written anywhere.
     */
    public static boolean isFileText(String value) {
        // a path with a line break at its end (a YAML block scalar) is a path: it is trimmed where it is read
        return value != null && FILE_TEXT_MARKER.matcher(value.strip()).find();
    }

    /**
     * What file text ({@link #isFileText}) {@code value} holds, for a report that must not show it: {@code PEM
     * text}, {@code base64 of PEM text (a Secret's data: value)} or {@code several lines of text}.
     */
    public static String fileTextKind(String value) {
        return value.contains("-----BEGIN") ? "PEM text" : BASE64_PEM_MARKER.matcher(value).find()
                ? "base64 of PEM text (a Secret's data: value)" : "several lines of text";
    }

    /** {@code 28 lines; not shown: it may be a private key}: how a report speaks of file text it leaves out. */
    public static String unshown(String value) {
        long count = value.strip().lines().count();
        return count + ((count == 1) ? " line" : " lines") + "; not shown: it may be a private key";
    }

    /** A file path or a name as set, or, when it holds a file's text ({@link #isFileText}), a placeholder that shows none of it. */
    public static String ofPath(String path) {
        return isFileText(path) ? "(a file's text, not a path: not shown)" : path;
    }

    /**
     * {@code text} (a report, or a message quoted into one) with every PEM block and every long run of base64 in
     * it replaced by a placeholder: a library's message may quote the key text it failed to read.
     */
    public static String withoutKeyText(String text) {
        return (text == null) ? null : KEY_TEXT.matcher(text).replaceAll("(key or certificate text, not shown)");
    }

    /**
     * {@code value} without the pair of quotes around it, or {@code null} when it has none: an env file,
     * {@code docker --env-file} and a Kubernetes value keep quotes that only a shell would remove.
     */
    public static String unquoted(String value) {
        if (value.length() > 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return null;
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
