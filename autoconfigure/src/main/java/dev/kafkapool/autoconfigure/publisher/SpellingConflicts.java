package dev.kafkapool.autoconfigure.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

/**
 * Stops a start whose environment sets one setting under two spellings with different values
 * ({@code KAFKA_NUM_THREADS=3} and {@code KAFKA_NUMTHREADS=5}): Spring's relaxed binding takes
 * both for {@code kafka.num-threads} and binds one of them, without a word, so the app may run with
 * the value the operator did not mean. With equal values nothing is ambiguous, and nothing is said.
 */
final class SpellingConflicts {

    private SpellingConflicts() {
    }

    /**
     * @param context brokers and TLS paths, for the report
     * @throws KafkaPoolStartupException naming both spellings of the first setting set twice
     */
    static void check(Environment environment, String context) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        PropertySource<?> source = configurable.getPropertySources()
            .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(source instanceof EnumerablePropertySource<?> variables)) {
            return;
        }
        Map<String, String> documented = new TreeMap<>();
        IgnoredSettings.knownVariables().forEach((name) -> documented.put(IgnoredSettings.comparable(name), name));
        Map<String, List<String>> spellings = new TreeMap<>();
        for (String name : variables.getPropertyNames()) {
            // KAFKA_TOPICS_0, KAFKA_TOPICS_1: the entries of one list, not spellings of it
            if (name.matches(".*_[0-9]+(_.*)?") || !documented.containsKey(IgnoredSettings.comparable(name))) {
                continue;
            }
            spellings.computeIfAbsent(IgnoredSettings.comparable(name), (form) -> new ArrayList<>()).add(name);
        }
        for (Map.Entry<String, List<String>> setting : spellings.entrySet()) {
            List<String> names = setting.getValue();
            if (names.size() > 1 && names.stream().map(variables::getProperty).distinct().count() > 1) {
                String name = documented.get(setting.getKey());
                throw new KafkaPoolStartupException(String.join(" and ", names), String.join(" and ", names)
                        + " are two spellings of one setting, " + name + ", with different values (not shown: one may"
                        + " be a secret); Spring Boot binds one of them without a word, maybe not the one meant",
                        "Keep only one of them" + (names.stream().anyMatch((given) -> Objects.equals(given, name))
                                ? ", " + name + " (the documented name)" : ": " + name + " is the documented name"),
                        context, null);
            }
        }
    }

}
