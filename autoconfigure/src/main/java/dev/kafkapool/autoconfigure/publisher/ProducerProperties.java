package dev.kafkapool.autoconfigure.publisher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.kafkapool.autoconfigure.KafkaPoolProducerCustomizer;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.publisher.ProducerOverrideRules.Refusal;
import dev.kafkapool.publisher.PublisherConfig;

/**
 * Builds the producer settings of the pool: on top of the connection's and its own entries (client
 * id, {@code acks=all}, idempotence, {@code max.block.ms}), {@code kafka.producer.*}, then each
 * {@link KafkaPoolProducerCustomizer}, which sees them all. A change that
 * {@link ProducerOverrideRules} refuses, or that Kafka's own parser rejects, stops startup with a
 * report naming the environment variable or the customizer's class. Kafka parses the result only
 * when Kafka is enabled: a disabled pool never configures a producer, and may have no brokers to
 * parse. What it returns is the producer's own part, without the connection's entries.
 */
final class ProducerProperties {

    private static final Map<String, ConfigDef.ConfigKey> KAFKA_SETTINGS = ProducerConfig.configDef().configKeys();

    private ProducerProperties() {
    }

    /**
     * @param properties the pool's settings, already validated
     * @param connection how the producers connect
     * @param customizers the application's customizers, in order
     * @param names how a report names each customizer (its class, and its bean name when it is a bean:
     *        a lambda's class says little)
     * @param context brokers and TLS paths for failure reports
     * @return the producer's own settings, without the connection's
     * @throws KafkaPoolStartupException when a change breaks a guarantee or Kafka rejects the result
     */
    static Map<String, Object> build(KafkaPoolProperties properties, KafkaConnection connection,
            List<KafkaPoolProducerCustomizer> customizers, Function<KafkaPoolProducerCustomizer, String> names,
            String context) {
        Map<String, Object> connectionEntries = connection.forProducers().properties();
        Map<String, Object> producer = new LinkedHashMap<>(connectionEntries);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, properties.getLogLabel());
        // the core's guarantees, for customizers to see (and the override rules to keep)
        producer.putAll(PublisherConfig.REQUIRED_PRODUCER_PROPERTIES);
        // which setting each changed entry came from, to name it when Kafka rejects the result
        Map<String, String> origins = new LinkedHashMap<>();
        properties.getProducer().forEach((name, value) -> {
            String variable = SettingNames.producer(name);
            refuseIfBreaking(name, value, variable, "Unset " + variable, context);
            producer.put(name, kafkaSpelling(name, value));
            origins.put(name, variable);
        });
        for (KafkaPoolProducerCustomizer customizer : customizers) {
            Map<String, Object> before = new HashMap<>(producer);
            customizer.customize(producer);
            String described = names.apply(customizer);
            for (String name : changed(before, producer)) {
                refuseIfBreaking(name, producer.get(name), "KafkaPoolProducerCustomizer " + described,
                        "Stop changing " + name + " in " + described, context);
                origins.put(name, "KafkaPoolProducerCustomizer " + described);
            }
        }
        if (properties.isEnabled()) {
            parseWithKafka(producer, origins, context);
        }
        Map<String, Object> own = new LinkedHashMap<>(producer);
        own.keySet().removeAll(connectionEntries.keySet());
        return own;
    }

    private static void refuseIfBreaking(String name, Object value, String setting, String remedy, String context) {
        KafkaPoolStartupException refused = refusal(name, value, setting, remedy, context);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Why kafka-pool refuses {@code setting}'s change of the producer setting {@code name} to
     * {@code value}, or {@code null} when it does not.
     */
    private static KafkaPoolStartupException refusal(String name, Object value, String setting, String remedy,
            String context) {
        Refusal refusal = ProducerOverrideRules.check(name, value).orElse(null);
        if (refusal == null) {
            return null;
        }
        return new KafkaPoolStartupException(setting, setting + " changes the producer setting " + name
                + ", which kafka-pool refuses: " + refusal.why(),
                remedy + ((refusal.instead() != null) ? "; " + refusal.instead() : ""), context, null);
    }

    /** The refusals of the application's {@code kafka.producer.*} settings, each named by its variable. */
    static List<KafkaPoolStartupException> refusals(KafkaPoolProperties properties, String context) {
        List<KafkaPoolStartupException> refusals = new ArrayList<>();
        properties.getProducer().forEach((name, value) -> {
            String variable = SettingNames.producer(name);
            KafkaPoolStartupException refused = refusal(name, value, variable, "Unset " + variable, context);
            if (refused != null) {
                refusals.add(refused);
            }
        });
        return refusals;
    }

    /** Kafka reads only true/false; a switch spelled 1, yes or on means the same here as everywhere. */
    private static Object kafkaSpelling(String name, String value) {
        ConfigDef.ConfigKey key = KAFKA_SETTINGS.get(name);
        Boolean bool = (key != null && key.type == ConfigDef.Type.BOOLEAN) ? ProducerOverrideRules.asBoolean(value)
                : null;
        return (bool != null) ? bool.toString() : value;
    }

    private static Set<String> changed(Map<String, Object> before, Map<String, Object> after) {
        Set<String> names = new LinkedHashSet<>(after.keySet());
        names.addAll(before.keySet());
        names.removeIf((name) -> before.containsKey(name) == after.containsKey(name)
                && Objects.equals(before.get(name), after.get(name)));
        return names;
    }

    /**
     * Parses the result as the producers will: types, ranges and the idempotence rules of
     * {@link ProducerConfig}, and the delivery timeout rule of {@code KafkaProducer}. The report
     * blames the settings Kafka's message names, or all that were changed when it names none.
     */
    private static void parseWithKafka(Map<String, Object> producer, Map<String, String> origins, String context) {
        Map<String, Object> complete = new HashMap<>(producer);
        complete.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        complete.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            ProducerConfig config = new ProducerConfig(complete);
            long lingerAndRequest = config.getLong(ProducerConfig.LINGER_MS_CONFIG)
                    + config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
            if (producer.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)
                    && config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) < lingerAndRequest) {
                throw new ConfigException("delivery.timeout.ms should be equal to or larger than linger.ms + "
                        + "request.timeout.ms");
            }
        }
        catch (ConfigException ex) {
            Set<String> blamed = new LinkedHashSet<>();
            origins.forEach((name, origin) -> {
                if (Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w.-])")
                    .matcher(ex.getMessage())
                    .find()) {
                    blamed.add(origin);
                }
            });
            if (blamed.isEmpty()) {
                blamed.addAll(origins.values());
            }
            String setting = blamed.isEmpty() ? null : String.join(", ", blamed);
            // the report ends its problem with a full stop; some of Kafka's messages have one of their own
            throw new KafkaPoolStartupException(setting, "Kafka rejects the producer settings: "
                    + String.valueOf(ex.getMessage()).replaceFirst("\\.+$", ""),
                    (setting != null) ? "Correct or unset " + setting : "Report this as a kafka-pool bug", context,
                    ex);
        }
    }

}
