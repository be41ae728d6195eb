package dev.kafkapool.autoconfigure.publisher;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

/**
 * The {@code kafka.*} settings of a {@link KafkaPoolProperties}, walked through its groups
 * ({@code kafka.tls.*}, {@code kafka.health.*}, {@code kafka.journal.*}): the one walk that every
 * check reading the settings by name or type uses, so that a setting added later is seen by all.
 */
final class SettingsTree {

    private SettingsTree() {
    }

    /**
     * One setting: its property ({@code kafka.health.timeout}), its declared type, its value in the
     * walked properties (the default, for a fresh {@link KafkaPoolProperties}), and whether it can be
     * bound (a read-only getter is not a setting a user can give).
     */
    record Setting(String property, Class<?> type, Object value, boolean bindable) {
    }

    /** Every setting of {@code properties}, in the order of their groups. */
    static List<Setting> of(KafkaPoolProperties properties) {
        List<Setting> settings = new ArrayList<>();
        walk("kafka", properties, settings);
        return settings;
    }

    /** The settings with their defaults. */
    static List<Setting> defaults() {
        return of(new KafkaPoolProperties());
    }

    private static void walk(String prefix, Object group, List<Setting> settings) {
        BeanWrapper wrapper = new BeanWrapperImpl(group);
        for (PropertyDescriptor descriptor : wrapper.getPropertyDescriptors()) {
            Class<?> type = descriptor.getPropertyType();
            if (type == null || descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
                continue;
            }
            String property = prefix + "." + IgnoredSettings.kebab(descriptor.getName());
            Object value = wrapper.getPropertyValue(descriptor.getName());
            if (isGroup(type)) {
                if (value != null) {
                    walk(property, value, settings);
                }
            }
            else {
                settings.add(new Setting(property, type, value, descriptor.getWriteMethod() != null));
            }
        }
    }

    /** A group of settings: a class of {@link KafkaPoolProperties}' own, bound as a nested object. */
    private static boolean isGroup(Class<?> type) {
        return type.getEnclosingClass() == KafkaPoolProperties.class && !type.isEnum();
    }

}
