package dev.kafkapool.autoconfigure;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * How the starter's auto-configuration conditions read their settings, in one place: the
 * conditions themselves, and {@code aot.AotSettings}, which records what they read when Spring AOT
 * generates the bean definitions, must never read a value two ways.
 */
public final class ConditionInputs {

    private ConditionInputs() {
    }

    /**
     * A switch ({@code ConditionalOnKafkaSetting}), bound to {@link Boolean} the way the settings
     * themselves are; unset is on. An unparsable value throws the binder's {@code BindException}.
     */
    public static boolean isOn(Binder binder, String name) {
        return binder.bind(name, Boolean.class).orElse(Boolean.TRUE);
    }

    /** Whether {@code property} is set to something other than blanks. */
    public static boolean hasText(Binder binder, String property) {
        return binder.bind(property, String.class).map((value) -> !value.isBlank()).orElse(false);
    }

    /** Whether {@code kafka.brokers} names at least one broker, in any of its forms. */
    public static boolean hasBrokers(Binder binder) {
        return binder.bind("kafka.brokers", Bindable.listOf(String.class))
            .map((list) -> list.stream().anyMatch((broker) -> !broker.isBlank()))
            .orElse(false);
    }

    /** Whether a client PEM file is set: a CA, or a client certificate. */
    public static boolean hasPemFiles(Binder binder) {
        return hasText(binder, "kafka.tls.client-cert") || hasText(binder, "kafka.tls.client-ca");
    }

}
