package dev.kafkapool.autoconfigure.publisher;

import java.util.Locale;
import java.util.Optional;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.tls.BundleSslEngineFactory;

/**
 * Which Kafka producer settings an application may change, through {@code KAFKA_PRODUCER_*} or a
 * {@link KafkaPoolProducerCustomizer}, and why the others are refused. Each refused one would
 * quietly break a documented guarantee (mTLS from {@code KAFKA_TLS_*} with hostname verification,
 * {@code acks=all}, idempotence, per-key order, publish never blocking) or replace what the pool
 * derives from another setting. Everything else passes, to be parsed by Kafka itself.
 * <p>
 * All of {@code ssl.*} but {@code ssl.endpoint.identification.algorithm=https} is refused, trust
 * and key manager algorithms included: the pool's TLS engine is built from the checked
 * {@code KAFKA_TLS_*} material and would ignore them, and a setting that is silently ignored is a
 * broken promise too.
 */
final class ProducerOverrideRules {

    /**
     * Why a change is refused, and what to do instead.
     * @param why the guarantee it breaks, in plain words
     * @param instead what to do instead, or {@code null} when the answer is just not to set it
     */
    record Refusal(String why, String instead) {
    }

    private ProducerOverrideRules() {
    }

    /**
     * @param name a Kafka producer setting
     * @param value its new value, or {@code null} when a customizer removed it
     * @return why the change is refused, or empty when it is allowed
     */
    static Optional<Refusal> check(String name, Object value) {
        String text = (value != null) ? value.toString().trim() : null;
        return Optional.ofNullable(switch (name) {
            case ProducerConfig.BOOTSTRAP_SERVERS_CONFIG ->
                new Refusal("the brokers come from " + SettingNames.BROKERS, "set the brokers with " + SettingNames.BROKERS);
            case ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG ->
                new Refusal("the pool sends keys and values as the bytes of each KafkaMessage",
                        "serialize into the KafkaMessage's key and value before publishing");
            case ProducerConfig.TRANSACTIONAL_ID_CONFIG ->
                new Refusal("the pool's producers are idempotent, not transactional", null);
            case ProducerConfig.MAX_BLOCK_MS_CONFIG ->
                new Refusal("the pool owns max.block.ms, so that no thread ever blocks on Kafka metadata or "
                        + "buffer space", null);
            case ProducerConfig.PARTITIONER_CLASS_CONFIG ->
                new Refusal("a custom partitioner may send records with the same key to different partitions, "
                        + "breaking per-key order", null);
            case ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG -> spelledTrue(value) ? new Refusal(
                    "ignoring keys spreads records with the same key over partitions, breaking per-key order",
                    null) : null;
            case ProducerConfig.ACKS_CONFIG -> (text == null || "all".equalsIgnoreCase(text) || "-1".equals(text))
                    ? null : new Refusal("acks=" + text + " lets a record count as delivered before every in-sync "
                            + "replica has it; the pool promises acks=all", "all (or -1) is the only value allowed");
            case ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG -> spelledFalse(value) ? new Refusal(
                    "without idempotence a retried send can write a record twice or out of order",
                    "true is the only value allowed") : null;
            case CommonClientConfigs.SECURITY_PROTOCOL_CONFIG -> new Refusal(
                    "the pool connects with mTLS and sets the protocol from " + SettingNames.TLS_PREFIX + "*",
                    "configure TLS with " + SettingNames.TLS_CLIENT_CA + ", " + SettingNames.TLS_CLIENT_CERT + " and " + SettingNames.TLS_CLIENT_KEY + " (or "
                            + SettingNames.TLS_BUNDLE + "); only " + SettingNames.TLS_ENABLED + "=false turns TLS off");
            case SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG ->
                (text == null || "https".equalsIgnoreCase(text)) ? null : new Refusal(
                        "anything but https turns broker hostname verification off, so any server with a "
                                + "certificate from the CA could pose as a broker",
                        "https is the only value allowed; give the brokers certificates that name their hosts");
            case BundleSslEngineFactory.BUNDLE_CONFIG ->
                new Refusal("it carries the pool's checked TLS material", "name an SSL bundle with " + SettingNames.TLS_BUNDLE);
            default -> byPrefix(name);
        });
    }

    private static Refusal byPrefix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sasl.")) {
            return new Refusal("SASL is not supported: the pool authenticates with its mTLS client certificate",
                    "give the pool a client certificate with " + SettingNames.TLS_CLIENT_CERT + " and " + SettingNames.TLS_CLIENT_KEY);
        }
        if (lower.startsWith("ssl.")) {
            return new Refusal("the pool builds TLS from " + SettingNames.TLS_PREFIX + "*; " + name
                    + " would be ignored or would replace the checked certificates",
                    "use " + SettingNames.TLS_CLIENT_CA + ", " + SettingNames.TLS_CLIENT_CERT + ", " + SettingNames.TLS_CLIENT_KEY + " and "
                            + SettingNames.TLS_CLIENT_KEY_PASSWORD + ", or an SSL bundle (" + SettingNames.TLS_BUNDLE + ") whose options "
                            + "choose protocols and ciphers");
        }
        return null;
    }

    private static boolean spelledTrue(Object value) {
        return Boolean.TRUE.equals(asBoolean(value));
    }

    private static boolean spelledFalse(Object value) {
        return Boolean.FALSE.equals(asBoolean(value));
    }

    /** Read like every other switch (true/false, 1/0, yes/no, on/off); {@code null} when it is none. */
    static Boolean asBoolean(Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        try {
            return ApplicationConversionService.getSharedInstance().convert(value.toString(), Boolean.class);
        }
        catch (ConversionException ex) {
            return null;
        }
    }

}
