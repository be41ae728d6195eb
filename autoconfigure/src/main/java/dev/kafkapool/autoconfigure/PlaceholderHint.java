package dev.kafkapool.autoconfigure;

import java.util.List;

import org.springframework.core.env.Environment;

/**
 * Adds to a startup failure about a free-text setting (a file path, a password) that its value, as
 * written, contains <code>${</code>: Spring resolves that as a placeholder before the pool sees it, so a
 * password such as {@code pa${HOME}x} is tried as {@code pa/rootx}, and the report would blame the
 * password without saying why. The note names the setting, never its value, and gives Spring's
 * escape, <code>\${</code>.
 */
public final class PlaceholderHint {

    /** The settings whose values are free text, where a <code>${</code> is more likely a character than a placeholder. */
    private static final List<String> FREE_TEXT = List.of("kafka.tls.client-key-password", "kafka.tls.client-key",
            "kafka.tls.client-cert", "kafka.tls.client-ca", "kafka.tls.bundle");

    private PlaceholderHint() {
    }

    /**
     * {@code failure}, with a note when the value of the setting it names was written with <code>${</code>.
     * @param failure a startup failure
     * @param environment where the settings come from
     * @return {@code failure} itself, or a copy with the note
     */
    public static KafkaPoolStartupException explain(KafkaPoolStartupException failure, Environment environment) {
        String property = FREE_TEXT.stream()
            .filter((name) -> SettingNames.env(name).equals(failure.setting()))
            .findFirst()
            .orElse(null);
        if (property == null || !writtenWithPlaceholder(environment, property)) {
            return failure;
        }
        return failure.withNotes("; note that the value of " + failure.setting() + " as written contains \"${\", which "
                + "Spring resolves as a placeholder, so the value used is not the one written",
                ". If the \"${\" is part of the value, write it as \"\\${\" (Spring's escape)");
    }

    private static boolean writtenWithPlaceholder(Environment environment, String property) {
        String raw = RawSettingValues.of(environment, property);
        return raw != null && raw.contains("${") && !raw.contains("\\${");
    }

}
