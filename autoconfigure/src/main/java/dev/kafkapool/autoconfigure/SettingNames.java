package dev.kafkapool.autoconfigure;

import java.util.Locale;

/**
 * The names users give the settings: a {@code kafka.*} property and the environment variable that
 * sets it ({@code kafka.num-threads} is {@code KAFKA_NUM_THREADS}). Messages, reports and logs take
 * variable names from here only, so that a name is spelled once.
 */
public final class SettingNames {

    public static final String ENABLED = env("kafka.enabled");

    public static final String BROKERS = env("kafka.brokers");

    public static final String TOPICS = env("kafka.topics");

    public static final String LOG_LABEL = env("kafka.log-label");

    public static final String NUM_THREADS = env("kafka.num-threads");

    public static final String SHARED_PRODUCER = env("kafka.shared-producer");

    public static final String PUBLISH_RETRY_INTERVAL = env("kafka.publish-retry-interval");

    public static final String PUBLISH_RETRY_INTERVAL_SEC = env("kafka.publish-retry-interval-sec");

    public static final String QUEUE_CAPACITY = env("kafka.queue-capacity");

    public static final String QUEUE_MAX_BYTES = env("kafka.queue-max-bytes");

    public static final String FAIL_FAST = env("kafka.fail-fast");

    public static final String STARTUP_TIMEOUT = env("kafka.startup-timeout");

    public static final String SHUTDOWN_TIMEOUT = env("kafka.shutdown-timeout");

    public static final String MISSING_TOPIC_TIMEOUT = env("kafka.missing-topic-timeout");

    public static final String TLS_ENABLED = env("kafka.tls.enabled");

    public static final String TLS_CLIENT_CA = env("kafka.tls.client-ca");

    public static final String TLS_CLIENT_CERT = env("kafka.tls.client-cert");

    public static final String TLS_CLIENT_KEY = env("kafka.tls.client-key");

    public static final String TLS_CLIENT_KEY_PASSWORD = env("kafka.tls.client-key-password");

    public static final String TLS_BUNDLE = env("kafka.tls.bundle");

    public static final String TLS_RELOAD = env("kafka.tls.reload");

    public static final String TLS_RELOAD_INTERVAL = env("kafka.tls.reload-interval");

    public static final String TLS_EXPIRY_WARNING = env("kafka.tls.expiry-warning");

    public static final String JOURNAL_DIR = env("kafka.journal.dir");

    public static final String JOURNAL_FSYNC = env("kafka.journal.fsync");

    public static final String JOURNAL_FSYNC_INTERVAL = env("kafka.journal.fsync-interval");

    public static final String JOURNAL_MAX_BYTES = env("kafka.journal.max-bytes");

    /** Prefix of the TLS variables: {@code KAFKA_TLS_CLIENT_CERT}. */
    public static final String TLS_PREFIX = env("kafka.tls.");

    /** Prefix of every variable of the pool. */
    public static final String PREFIX = env("kafka.");

    /** Prefix of the rate variables of a topic: {@code KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST}. */
    public static final String TOPIC_LIMITS_PREFIX = env("kafka.topic-limits.");

    /** Prefix of the variables passed to the producer: {@code KAFKA_PRODUCER_LINGER_MS}. */
    public static final String PRODUCER_PREFIX = env("kafka.producer.");

    private SettingNames() {
    }

    /** The environment variable of a {@code kafka.*} property. */
    public static String env(String property) {
        return property.replaceAll("\\[[^]]*]", "").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The environment variable of producer setting {@code name}: {@code linger.ms} is {@code KAFKA_PRODUCER_LINGER_MS}. */
    public static String producer(String name) {
        return env("kafka.producer." + name);
    }

    /**
     * The environment variable of a field of topic {@code topic}'s limit: {@code orders.v1} and
     * {@code burst} give {@code KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST}.
     */
    public static String topicLimit(String topic, String field) {
        return env("kafka.topic-limits." + topic + "." + field);
    }

    /** {@code KAFKA_NUM_THREADS (kafka.num-threads)}. */
    public static String describe(String property) {
        return env(property) + " (" + property + ")";
    }

}
