package dev.kafkapool.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.kafkapool.autoconfigure.ConditionInputs;

/**
 * The inputs of the starter's auto-configuration conditions, as their conditions read them: each
 * switch ({@code ConditionalOnKafkaSetting}) on or off, and whether the brokers, an SSL bundle and
 * client PEM files are set. Values that do not change which beans exist (which brokers, which
 * files) are not kept: only "set" or "unset".
 */
final class AotSettings {

    /** Where the build's settings are written, beside the generated bean definitions. */
    static final String RESOURCE = "META-INF/kafka-pool/aot-settings.properties";

    static final String ON = "on";

    static final String OFF = "off";

    static final String SET = "set";

    static final String UNSET = "unset";

    /** The switches some auto-configuration is conditional on; unset means on. */
    private static final List<String> SWITCHES = List.of("kafka.enabled", "kafka.fail-fast", "kafka.tls.enabled",
            "kafka.tls.reload");

    /** The client PEM files: reloading them is configured when either is set. */
    static final String PEM_FILES = "kafka.tls.client-cert";

    private AotSettings() {
    }

    /**
     * The settings as the conditions would read them from {@code environment}, in a fixed order;
     * a switch whose value does not bind is left out (binding the settings reports it).
     */
    static Map<String, String> of(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : SWITCHES) {
            try {
                settings.put(name, ConditionInputs.isOn(binder, name) ? ON : OFF);
            }
            catch (BindException ex) {
                // not a boolean: the properties' own binding stops startup and names the setting
            }
        }
        settings.put("kafka.brokers", ConditionInputs.hasBrokers(binder) ? SET : UNSET);
        settings.put("kafka.tls.bundle", ConditionInputs.hasText(binder, "kafka.tls.bundle") ? SET : UNSET);
        settings.put(PEM_FILES, ConditionInputs.hasPemFiles(binder) ? SET : UNSET);
        return settings;
    }

    /** As properties, one line each in their order, and no date: the same settings give the same file. */
    static String write(Map<String, String> settings) {
        StringBuilder out = new StringBuilder("# kafka-pool: the settings Spring AOT generated the bean definitions with\n");
        settings.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }

    static Map<String, String> read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach((name) -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

}
