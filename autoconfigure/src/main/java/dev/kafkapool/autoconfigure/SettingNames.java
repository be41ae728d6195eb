package dev.kafkapool.autoconfigure;

import java.util.Locale;

/** Maps a property name to the environment variable users set: {@code kafka.num-threads} → {@code KAFKA_NUM_THREADS}. */
public final class SettingNames {

    private SettingNames() {
    }

    /** The environment variable of a {@code kafka.*} property. */
    public static String env(String property) {
        return property.replaceAll("\\[[^]]*]", "").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code KAFKA_NUM_THREADS (kafka.num-threads)}. */
    public static String describe(String property) {
        return env(property) + " (" + property + ")";
    }

}
