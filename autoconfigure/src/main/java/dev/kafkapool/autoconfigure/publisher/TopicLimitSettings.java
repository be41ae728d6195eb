package dev.kafkapool.autoconfigure.publisher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.unit.DataSize;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.publisher.TopicLimit;

/**
 * The rates per topic: {@code kafka.topic-limits.<topic>.*} as bound, and the
 * {@code KAFKA_TOPIC_LIMITS_<TOPIC>_*} environment variables, which Spring's relaxed binding cannot
 * bind to a topic name with dots, dashes or lower case. {@code <TOPIC>} is matched against the
 * allow-list ({@code KAFKA_TOPICS}), upper-cased with {@code .} and {@code -} as {@code _}; a
 * variable that matches no allowed topic, or more than one, or holds no number, stops startup
 * with a report naming it.
 */
final class TopicLimitSettings {

    private static final String RECORDS = "records-per-second";

    private static final String BYTES = "bytes-per-second";

    private static final String BURST = "burst";

    private static final List<String> FIELDS = List.of(RECORDS, BYTES, BURST);

    private static final ConfigurationPropertyName PROPERTY_PREFIX = ConfigurationPropertyName.of("kafka.topic-limits");

    private TopicLimitSettings() {
    }

    /** The pool's rates by topic, from the bound properties and then the environment variables. */
    static Map<String, TopicLimit> resolve(KafkaPoolProperties properties, ConfigurableEnvironment environment,
            String context) {
        checkPropertyNames(environment, context);
        Map<String, KafkaPoolProperties.TopicLimit> limits = new LinkedHashMap<>(properties.getTopicLimits());
        List<String> allowed = properties.determineTopics();
        for (String variable : variables(environment)) {
            String field = field(variable, context);
            String topic = topic(variable, field, allowed, context);
            KafkaPoolProperties.TopicLimit limit = limits.computeIfAbsent(topic,
                    (key) -> new KafkaPoolProperties.TopicLimit());
            set(limit, field, variable, environment.getProperty(variable), context);
        }
        Map<String, TopicLimit> result = new LinkedHashMap<>();
        limits.forEach((topic, limit) -> result.put(topic, new TopicLimit(limit.getRecordsPerSecond(),
                (limit.getBytesPerSecond() != null) ? limit.getBytesPerSecond().toBytes() : 0, limit.getBurst())));
        return result;
    }

    /**
     * Refuses a {@code kafka.topic-limits.*} property that binds to no rate: Spring binds
     * {@code kafka.topic-limits.orders.v1.records-per-second} (a -D, a properties line, YAML with the topic
     * unbracketed) to topic {@code orders} with a field {@code v1.records-per-second} it drops, and a misspelled
     * field the same way, so the limit would silently not be in force.
     */
    private static void checkPropertyNames(ConfigurableEnvironment environment, String context) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
                if (!PROPERTY_PREFIX.isAncestorOf(property) || property.getNumberOfElements() < 4) {
                    continue;
                }
                String key = property.getElement(2, ConfigurationPropertyName.Form.ORIGINAL);
                String last = property.getLastElement(ConfigurationPropertyName.Form.ORIGINAL);
                boolean rate = FIELDS.stream().anyMatch((field) -> ConfigurationPropertyName.of(field)
                    .getLastElement(ConfigurationPropertyName.Form.UNIFORM)
                    .equals(property.getLastElement(ConfigurationPropertyName.Form.UNIFORM)));
                if (property.getNumberOfElements() == 4 && rate) {
                    continue;
                }
                if (rate && !property.toString().startsWith(PROPERTY_PREFIX + "[")) {
                    List<String> parts = new ArrayList<>();
                    for (int i = 2; i < property.getNumberOfElements() - 1; i++) {
                        parts.add(property.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
                    }
                    String topic = String.join(".", parts);
                    throw new KafkaPoolStartupException(name, name + " names topic '" + key + "' with a setting '"
                            + topic.substring(key.length() + 1) + "." + last + "' that does not exist, so no limit is "
                            + "set: a topic name with dots must be in brackets", "Write it as "
                                    + PROPERTY_PREFIX + "[" + topic + "]." + last + " (in YAML: topic-limits: '["
                                    + topic + "]': " + last + ": ...)", context, null);
                }
                String after = setting(property);
                throw new KafkaPoolStartupException(name, name + " is not a rate setting of topic '" + key + "': after "
                        + "the topic comes ." + String.join(", .", FIELDS) + " and nothing else, not '" + after + "'",
                        "Rename it to " + PROPERTY_PREFIX + "[" + key + "]." + RECORDS + ", ." + BYTES + " or ." + BURST
                                + ", or remove it",
                        context, null);
            }
        }
    }

    /** What follows the topic in {@code property}: {@code v1.records-per-second}. */
    private static String setting(ConfigurationPropertyName property) {
        List<String> parts = new ArrayList<>();
        for (int i = 3; i < property.getNumberOfElements(); i++) {
            parts.add(property.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
        }
        return String.join(".", parts);
    }

    private static List<String> variables(ConfigurableEnvironment environment) {
        List<String> names = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(SettingNames.TOPIC_LIMITS_PREFIX) && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static String field(String variable, String context) {
        for (String field : FIELDS) {
            if (variable.endsWith("_" + SettingNames.env(field))
                    && variable.length() > SettingNames.TOPIC_LIMITS_PREFIX.length() + field.length() + 1) {
                return field;
            }
        }
        throw new KafkaPoolStartupException(variable, variable + " is not a rate setting: it must end in _"
                + SettingNames.env(RECORDS) + ", _" + SettingNames.env(BYTES) + " or _" + SettingNames.env(BURST),
                "Rename it to " + SettingNames.topicLimit("<TOPIC>", RECORDS) + ", _" + SettingNames.env(BYTES)
                        + " or _" + SettingNames.env(BURST) + ", or unset it",
                context, null);
    }

    private static String topic(String variable, String field, List<String> allowed, String context) {
        List<String> matches = allowed.stream()
            .filter((topic) -> SettingNames.topicLimit(topic, field).equals(variable))
            .distinct()
            .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String named = variable.substring(SettingNames.TOPIC_LIMITS_PREFIX.length(),
                variable.length() - SettingNames.env(field).length() - 1);
        if (matches.isEmpty()) {
            throw new KafkaPoolStartupException(variable, variable + " names topic " + named + ", which matches no "
                    + "topic of " + SettingNames.TOPICS + " " + allowed, allowed.isEmpty()
                            ? "Set " + SettingNames.TOPICS + " to the topics the application publishes to, so that "
                                    + "the variable can name one; or set kafka.topic-limits.<topic>." + field
                                    + " in application.yaml"
                            : "Write the topic as it is in " + SettingNames.TOPICS + ", upper-cased with '.' and '-' "
                                    + "as '_' (orders.v1 is " + SettingNames.topicLimit("orders.v1", field)
                                    + "), or add the topic to " + SettingNames.TOPICS,
                    context, null);
        }
        throw new KafkaPoolStartupException(variable, variable + " could be for any of the topics " + matches
                + " of " + SettingNames.TOPICS + ", which look the same as a variable name",
                "Set the limit as kafka.topic-limits.<topic>." + field + " in application.yaml or -D, where the "
                        + "topic is spelled exactly",
                context, null);
    }

    private static void set(KafkaPoolProperties.TopicLimit limit, String field, String variable, String value,
            String context) {
        String text = (value != null) ? value.trim() : "";
        try {
            switch (field) {
                case RECORDS -> limit.setRecordsPerSecond(Double.parseDouble(text));
                case BYTES -> limit.setBytesPerSecond(DataSize.parse(text));
                default -> limit.setBurst(Long.parseLong(text));
            }
        }
        catch (IllegalArgumentException ex) {
            throw new KafkaPoolStartupException(variable, variable + " is not " + switch (field) {
                case RECORDS -> "a number";
                case BYTES -> "a size";
                default -> "a whole number";
            } + ": '" + text + "'",
                    "Set " + variable + " to " + (BYTES.equals(field) ? "a size such as 1MB" : "e.g. 1000")
                            + ", or unset it",
                    context, null);
        }
    }

}
