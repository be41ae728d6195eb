package dev.kafkapool.publisher;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Kafka producer settings that would quietly break what the pool promises, whichever map brings them to the
 * producers ({@link PublisherConfig}'s producer properties or a {@link ConnectionProperties}): a custom partitioner
 * or {@code partitioner.ignore.keys=true} (per-key order), a {@code transactional.id} (every send outside a
 * transaction refused), an {@code ssl.endpoint.identification.algorithm} other than {@code https} (broker hostname
 * verification off: a shared client properties file for brokers addressed by IP brought {@code ""} in through the
 * connection unchecked).
 */
final class PromiseBreakingSettings {

    private PromiseBreakingSettings() {
    }

    /** Why {@code name=value} would break a promise of the pool, or {@code null} when it does not. */
    static String problem(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (ProducerConfig.PARTITIONER_CLASS_CONFIG.equals(name)) {
            return "must not be set: a custom partitioner may send records of one key to different partitions, "
                    + "breaking per-key order";
        }
        if (ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG.equals(name)
                && "true".equalsIgnoreCase(value.toString().trim())) {
            return "must not be true: ignoring keys spreads the records of one key over partitions, breaking "
                    + "per-key order";
        }
        if (SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG.equals(name)
                && !"https".equalsIgnoreCase(value.toString().trim())) {
            return "must be https (or unset), was " + LogSafe.text(value.toString().trim()) + ": anything else turns "
                    + "broker hostname verification off, so any server with a certificate from the CA could pose as a "
                    + "broker";
        }
        if (ProducerConfig.TRANSACTIONAL_ID_CONFIG.equals(name)) {
            return "must not be set: the pool's producers are idempotent, not transactional (each record is sent on "
                    + "its own, outside any transaction, and a transactional producer refuses every such send)";
        }
        return null;
    }

}
