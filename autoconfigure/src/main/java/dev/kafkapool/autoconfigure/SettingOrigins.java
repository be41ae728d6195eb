package dev.kafkapool.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Where a {@code kafka.*} setting's value comes from, as Spring Boot tracks it: a report names a
 * setting by its environment variable, which is wrong advice for a value written in
 * {@code application.yaml}, {@code SPRING_APPLICATION_JSON} or a {@code -D} option.
 */
public final class SettingOrigins {

    /** One environment variable's name, as a report's setting holds it (some name several). */
    private static final Pattern VARIABLE = Pattern.compile("KAFKA_[A-Z0-9_]+");

    private SettingOrigins() {
    }

    /**
     * A setting given somewhere other than its environment variable.
     * @param variable its environment variable, as a report names it
     * @param property its name as it was written, e.g. {@code kafka.num-threads}
     * @param origin where it was written
     */
    public record Elsewhere(String variable, String property, Origin origin) {

        /** {@code text} with the environment variable replaced by the property's name, the name the user wrote. */
        public String named(String text) {
            return text.replaceAll("\\b" + Pattern.quote(this.variable) + "\\b", Matcher.quoteReplacement(this.property));
        }

    }

    /** Where {@code property}'s value comes from (the source that wins), or {@code null} when it is not set. */
    public static Origin of(Environment environment, String property) {
        if (!(environment instanceof ConfigurableEnvironment)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found.getOrigin();
            }
        }
        return null;
    }

    /** Whether {@code origin} is an environment variable (of the process, or of a test's stand-in for it). */
    public static boolean isEnvironmentVariable(Origin origin) {
        return origin instanceof SystemEnvironmentOrigin || (origin instanceof PropertySourceOrigin source
                && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getPropertySource().getName()));
    }

    /**
     * The setting a report names by {@code variable}, when its value comes from somewhere other than that
     * environment variable; {@code null} when it comes from the variable, is not set (a default), cannot be
     * told, or {@code variable} is not one variable.
     */
    public static Elsewhere elsewhere(Environment environment, String variable) {
        if (variable == null || !VARIABLE.matcher(variable).matches()
                || !(environment instanceof ConfigurableEnvironment)) {
            return null;
        }
        // the sources in their order: the first that sets it is the value the pool got
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names)) {
                continue;
            }
            ConfigurationPropertyName match = names.stream()
                .filter((name) -> name.getNumberOfElements() > 1 && "kafka".equals(name.getElement(0,
                        ConfigurationPropertyName.Form.ORIGINAL)))
                .filter((name) -> SettingNames.env(name.toString()).equals(variable))
                .findFirst()
                .orElse(null);
            if (match != null) {
                ConfigurationProperty property = source.getConfigurationProperty(match);
                Origin origin = (property != null) ? property.getOrigin() : null;
                return (origin == null || isEnvironmentVariable(origin)) ? null
                        : new Elsewhere(variable, match.toString().replaceAll("\\[[^]]*]", ""), origin);
            }
        }
        return null;
    }

}
