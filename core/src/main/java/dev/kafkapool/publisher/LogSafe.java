package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;

/** Renders untrusted text (keys, values) for a log line: printable, single-line, bounded. */
final class LogSafe {

    private static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    static String text(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 2);
        out.append('\'');
        for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append((Character.isISOControl(c) || c == '\'') ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** The value of a message for a log line: redacted when sensitive. */
    static String value(KafkaMessage message) {
        if (message.isSensitive()) {
            return "<redacted>";
        }
        byte[] value = message.value();
        return (value != null) ? text(new String(value, StandardCharsets.UTF_8)) : "null";
    }

}
