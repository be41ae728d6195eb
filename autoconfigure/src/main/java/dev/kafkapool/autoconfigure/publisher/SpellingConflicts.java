package dev.kafkapool.autoconfigure.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Warns when the environment sets one setting under two spellings with different values
 * ({@code KAFKA_NUM_THREADS=3} and {@code KAFKA_NUMTHREADS=5}): Spring's relaxed binding reads both
 * as {@code kafka.num-threads} and binds one of them without a word, maybe not the one meant. The
 * spellings are found with Spring's own mapping of variable names, so only variables that bind
 * count; equal values (after trimming, in any case) are no conflict. Values are never logged: one
 * may be a secret.
 */
final class SpellingConflicts {

    private static final Logger logger = LoggerFactory.getLogger(SpellingConflicts.class);

    private SpellingConflicts() {
    }

    static void check(Environment environment, String label) {
        for (String conflict : conflicts(environment)) {
            logger.warn("{} - {}", label, conflict);
        }
    }

    /** One sentence per setting set under several spellings with different values. */
    static List<String> conflicts(Environment environment) {
        List<String> conflicts = new ArrayList<>();
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return conflicts;
        }
        PropertySource<?> source = configurable.getPropertySources()
            .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(source instanceof EnumerablePropertySource<?> variables)) {
            return conflicts;
        }
        for (String property : IgnoredSettings.knownProperties()) {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
            List<String> spellings = new ArrayList<>();
            for (String variable : variables.getPropertyNames()) {
                if (variable.toUpperCase(Locale.ROOT).startsWith(SettingNames.PREFIX) && binds(variable, name)) {
                    spellings.add(variable);
                }
            }
            long values = spellings.stream()
                .map((variable) -> String.valueOf(variables.getProperty(variable)).trim().toLowerCase(Locale.ROOT))
                .distinct()
                .count();
            if (values > 1) {
                String used = used(source, name, spellings);
                conflicts.add(String.join(" and ", spellings) + " both set " + property + ", to different values (not "
                        + "shown: one may be a secret); Spring Boot binds one of them"
                        + ((used != null) ? ", " + used + "," : "") + " without a word. Keep only one of them ("
                        + SettingNames.env(property) + " is the documented name)");
            }
        }
        return conflicts;
    }

    /** Whether Spring's relaxed binding reads {@code variable} as the setting {@code name}. */
    private static boolean binds(String variable, ConfigurationPropertyName name) {
        SystemEnvironmentPropertySource alone = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"));
        for (ConfigurationPropertySource candidate : ConfigurationPropertySources.from(alone)) {
            if (candidate.getConfigurationProperty(name) != null) {
                return true;
            }
        }
        return false;
    }

    /** The spelling whose value the binding takes, or {@code null} when it cannot be told. */
    private static String used(PropertySource<?> source, ConfigurationPropertyName name, List<String> spellings) {
        for (ConfigurationPropertySource candidate : ConfigurationPropertySources.from(source)) {
            ConfigurationProperty bound = candidate.getConfigurationProperty(name);
            if (bound != null) {
                String origin = String.valueOf(bound.getOrigin());
                return spellings.stream()
                    .filter((spelling) -> origin.contains("\"" + spelling + "\""))
                    .findFirst()
                    .orElse(null);
            }
        }
        return null;
    }

}
