package dev.kafkapool.sample;

import java.beans.PropertyDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;
import org.springframework.context.annotation.Lazy;

import dev.kafkapool.sample.limits.ClientLimitsProperties;
import dev.kafkapool.sample.orders.OrdersProperties;
import dev.kafkapool.sample.security.ApiSecurityProperties;
import dev.kafkapool.sample.web.SampleHttpProperties;

/**
 * Warns, once at startup, about {@code SAMPLE_*} environment variables that are no setting of the
 * sample app: Spring binds nothing from them, so a misspelled one ({@code SAMPLE_HTTP_WAIT_TIMOUT})
 * was silently ignored and its setting kept its default. The starter does the same for
 * {@code KAFKA_*}.
 */
@Component
@Lazy(false)
final class UnknownSampleSettings {

    private static final Logger logger = LoggerFactory.getLogger(UnknownSampleSettings.class);

    private static final String PREFIX = "SAMPLE_";

    private static final List<Class<?>> SETTINGS = List.of(SampleHttpProperties.class, OrdersProperties.class,
            ApiSecurityProperties.class, ClientLimitsProperties.class);

    UnknownSampleSettings(ConfigurableEnvironment environment) {
        Set<String> unknown = unknown(environment);
        if (!unknown.isEmpty()) {
            logger.warn("No such setting of the sample app, ignored: {} (its settings: {})", String.join(", ", unknown),
                    String.join(", ", known()));
        }
    }

    /** The {@code SAMPLE_*} variables of the environment that bind to no setting. */
    static Set<String> unknown(ConfigurableEnvironment environment) {
        Set<String> unknown = new TreeSet<>();
        PropertySource<?> source = environment.getPropertySources()
            .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(source instanceof EnumerablePropertySource<?> variables)) {
            return unknown;
        }
        Set<String> known = new TreeSet<>();
        known().forEach((name) -> known.add(comparable(name)));
        for (String name : variables.getPropertyNames()) {
            if (name.toUpperCase(Locale.ROOT).startsWith(PREFIX) && !known.contains(comparable(name))) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Every setting's variable: {@code SAMPLE_HTTP_WAIT_TIMEOUT}, ... */
    static Set<String> known() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : SETTINGS) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
                if (!"class".equals(descriptor.getName())) {
                    names.add((prefix + "." + descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2"))
                        .replaceAll("[.-]", "_")
                        .toUpperCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** As relaxed binding compares names: without separators and case. */
    private static String comparable(String name) {
        return name.replaceAll("[_.\\-]", "").toUpperCase(Locale.ROOT);
    }

}
