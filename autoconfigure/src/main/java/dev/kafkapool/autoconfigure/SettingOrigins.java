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
    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

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

    /**
     * Whether {@code origin} is the environment variable {@code variable} itself (of the process, or of a test's
     * stand-in for it): not another variable that holds it, as {@code SPRING_APPLICATION_JSON} holds the values
     * written in it (Spring Boot gives them that variable as their origin).
     */
    public static boolean isVariable(Origin origin, String variable) {
        String name = variableOf(origin);
        return name != null && SettingNames.env(name).equals(variable);
    }

    /**
     * The environment variable {@code origin} is, as it was written, when it is one spelling of {@code variable}
     * ({@code KAFKA_QUEUEMAXBYTES} for {@code KAFKA_QUEUE_MAX_BYTES}, or that one itself); {@code null} otherwise (a
     * file, {@code SPRING_APPLICATION_JSON}, a system property).
     */
    public static String variableSpelling(Origin origin, String variable) {
        String name = variableOf(origin);
        return (name != null && squashed(name).equals(squashed(variable))) ? name : null;
    }

    /** The name of the environment variable (or the stand-in's) that {@code origin} is, or {@code null}. */
    private static String variableOf(Origin origin) {
        return (origin instanceof SystemEnvironmentOrigin environment) ? environment.getProperty()
                : (origin instanceof PropertySourceOrigin source && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME
                    .equals(source.getPropertySource().getName())) ? source.getPropertyName() : null;
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
            // compared without separators or case, as Spring binds them: kafka.queueCapacity is kafka.queue-capacity
            String wanted = squashed(variable);
            boolean producer = variable.startsWith(SettingNames.PRODUCER_PREFIX);
            // both KAFKA_NUM_THREADS and KAFKA_NUMTHREADS set: Spring binds the one without the inner underscores
            // (its mapping tries that spelling first), so another spelling is what the pool got
            ConfigurationPropertyName match = names.stream()
                .filter((name) -> name.getNumberOfElements() > 1 && "kafka".equals(name.getElement(0,
                        ConfigurationPropertyName.Form.UNIFORM)))
                .filter((name) -> squashed(name.toString()).equals(wanted))
                // a KAFKA_PRODUCER_* key is read as written: KAFKA_PRODUCER_LINGERMS is 'lingerms', never linger.ms
                .filter((name) -> !producer || SettingNames.env(written(name)).equals(variable))
                .sorted(java.util.Comparator.comparing((name) -> isVariable(originOf(source, name), variable)))
                .findFirst()
                .orElse(null);
            if (match != null) {
                Origin origin = originOf(source, match);
                if (origin == null || isVariable(origin, variable)) {
                    return null;
                }
                // another spelling of the variable (KAFKA_NUMTHREADS) is named as written, not as the property it maps to
                // (SPRING_APPLICATION_JSON, also a variable, holds the property as written in it)
                String other = variableOf(origin);
                return new Elsewhere(variable, (other != null && squashed(other).equals(wanted)) ? other : written(match),
                        origin);
            }
        }
        return null;
    }

    private static Origin originOf(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        return (property != null) ? property.getOrigin() : null;
    }

    /** {@code name} as it was written ({@code kafka.queueCapacity}), without its list indexes. */
    private static String written(ConfigurationPropertyName name) {
        java.util.StringJoiner joined = new java.util.StringJoiner(".");
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                joined.add(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
            }
        }
        return joined.toString();
    }

    /** A setting's name without indexes, separators or case: what Spring's relaxed binding compares. */
    private static String squashed(String name) {
        return name.replaceAll("\\[[^]]*]", "").replaceAll("[._-]", "").toLowerCase(java.util.Locale.ROOT);
    }

}
