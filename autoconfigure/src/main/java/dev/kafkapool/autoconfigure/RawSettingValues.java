package dev.kafkapool.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * A setting's value as written, before Spring resolves placeholders in it and converts it: what
 * the binder saw, found the way the binder finds it (an environment variable, a property, in
 * any of the forms relaxed binding accepts). For reports that must say how a value was read.
 */
public final class RawSettingValues {

    private RawSettingValues() {
    }

    /** The text {@code property} was written as, or {@code null} when it is not set or not text. */
    public static String of(Environment environment, String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return (found.getValue() instanceof CharSequence text) ? text.toString() : null;
            }
        }
        return null;
    }

}
