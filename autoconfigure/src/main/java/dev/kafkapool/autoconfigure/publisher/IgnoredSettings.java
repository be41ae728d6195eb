package dev.kafkapool.autoconfigure.publisher;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Finds {@code KAFKA_*} / {@code kafka.*} settings that mean nothing to this pool and logs them
 * once, so that an env file written for another tool works unchanged and a typo does not go
 * unnoticed: rust-kafka-threadpool's settings and names like no setting of ours at INFO; a name
 * one or two letters away from a setting ({@code KAFKA_BROKER}, {@code KAFKA_NUM_THREAD}) at WARN,
 * with the setting it probably meant. {@code KAFKA_PRODUCER_*} names that are no Kafka producer
 * setting are passed on (an interceptor or partitioner may read its own), with a WARN when they
 * are that close to one ({@code KAFKA_PRODUCER_LINGERMS}: {@code linger.ms}).
 */
final class IgnoredSettings {

    private static final Logger logger = LoggerFactory.getLogger(IgnoredSettings.class);

    /** Settings of rust-kafka-threadpool with no counterpart here, and why. */
    private static final Map<String, String> KNOWN_FOREIGN = Map.of(SettingNames.PREFIX + "PUBLISH_IDLE_INTERVAL_SEC",
            "rust-kafka-threadpool's idle poll; workers here wake as soon as a message arrives",
            SettingNames.PREFIX + "METADATA_COUNT_MSG_OFFSETS",
            "rust-kafka-threadpool's offset counting; every publish here returns its partition and offset");

    /** Prefixes under which any name is meaningful (free-form maps and nested groups). */
    private static final Set<String> OPEN_PREFIXES = Set.of(SettingNames.PRODUCER_PREFIX,
            SettingNames.TOPIC_LIMITS_PREFIX);

    private IgnoredSettings() {
    }

    static void report(ConfigurableEnvironment environment, Set<String> producerSettings, String label) {
        Set<String> known = knownVariables();
        Set<String> knownForms = new TreeSet<>();
        known.forEach((name) -> knownForms.add(comparable(name)));
        Map<String, String> ignored = new TreeMap<>();
        Map<String, String> misspelled = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                String variable = SettingNames.env(name);
                if (variable.startsWith(SettingNames.PREFIX) && !knownForms.contains(comparable(variable))
                        && OPEN_PREFIXES.stream().noneMatch(variable::startsWith)
                        && !KNOWN_FOREIGN.containsKey(variable)) {
                    String near = NearestName.of(variable, known);
                    if (near != null) {
                        misspelled.putIfAbsent(variable, "no such setting, ignored; did you mean " + near + "?");
                    }
                    else {
                        ignored.putIfAbsent(variable, "not a kafka-pool setting");
                    }
                }
                else if (KNOWN_FOREIGN.containsKey(variable)) {
                    ignored.putIfAbsent(variable, KNOWN_FOREIGN.get(variable));
                }
            }
        }
        Set<String> producerNames = ProducerConfig.configNames();
        for (String setting : producerSettings) {
            if (!producerNames.contains(setting)) {
                String near = NearestName.of(setting, producerNames);
                if (near != null) {
                    misspelled.putIfAbsent(SettingNames.producer(setting), "'" + setting + "' is no Kafka producer "
                            + "setting: passed to the producer, which does not use it; did you mean "
                            + SettingNames.producer(near) + " (" + near + ")?");
                }
            }
        }
        if (!misspelled.isEmpty()) {
            logger.warn("{} - Settings that look misspelled: {}", label, joined(misspelled));
        }
        if (!ignored.isEmpty()) {
            logger.info("{} - Ignoring settings with no meaning here: {}", label, joined(ignored));
        }
    }

    /**
     * A name as Spring's relaxed binding compares it: without dashes, underscores, dots, case and list
     * indexes, so that {@code KAFKA_NUMTHREADS}, {@code kafka.numThreads} and {@code KAFKA_TOPICS_0},
     * which bind, are not taken for unknown names.
     */
    static String comparable(String variable) {
        return variable.replaceAll("_[0-9]+(?=_|$)", "").replaceAll("[_.\\-]", "").toUpperCase(Locale.ROOT);
    }

    private static String joined(Map<String, String> reasons) {
        StringBuilder line = new StringBuilder();
        reasons.forEach((name, why) -> line.append(line.isEmpty() ? "" : "; ").append(name).append(" (").append(why)
            .append(')'));
        return line.toString();
    }

    /** The environment variable of every {@code kafka.*} setting. */
    static Set<String> knownVariables() {
        Set<String> names = new TreeSet<>();
        knownProperties().forEach((property) -> names.add(SettingNames.env(property)));
        return names;
    }

    /** Every {@code kafka.*} setting, as a property: {@code kafka.num-threads}, ... */
    static Set<String> knownProperties() {
        Set<String> names = new TreeSet<>();
        SettingsTree.defaults().forEach((setting) -> names.add(setting.property()));
        return names;
    }

    /** A JavaBean property's name as it is written in a {@code kafka.*} property: {@code numThreads} is {@code num-threads}. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

}
