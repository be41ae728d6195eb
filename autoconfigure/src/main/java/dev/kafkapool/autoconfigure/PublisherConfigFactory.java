package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.kafkapool.autoconfigure.diagnostics.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.diagnostics.StartupContext;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.publisher.PublisherConfig;

/**
 * Validates {@code kafka.*} once and turns it into the pool's sealed {@link PublisherConfig}. Each
 * invalid setting is reported by its environment variable, with the value and the fix.
 */
public final class PublisherConfigFactory {

    /** Workers when {@code KAFKA_NUM_THREADS} is not set; see BENCHMARKS.md. */
    public static final int DEFAULT_WORKERS = 2;

    private static final Pattern BROKER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^:\\s\\[\\]/]+):(\\d{1,5})");

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private PublisherConfigFactory() {
    }

    /**
     * Checks the settings that do not depend on files or the network; fails with the variable's
     * name on the first problem.
     */
    public static void validate(KafkaPoolProperties properties, String context) {
        require(properties.getLogLabel() != null && !properties.getLogLabel().isBlank(), "kafka.log-label",
                "must not be empty", "Set KAFKA_LOG_LABEL to a short name, or unset it for 'kafka-pool'", context);
        Duration startup = properties.getStartupTimeout();
        require(startup != null && !startup.isNegative() && !startup.isZero(), "kafka.startup-timeout",
                "must be a positive duration, was " + startup, "Set KAFKA_STARTUP_TIMEOUT to e.g. 10s", context);
        Duration missing = properties.getMissingTopicTimeout();
        require(missing != null && !missing.isNegative() && !missing.isZero(), "kafka.missing-topic-timeout",
                "must be a positive duration, was " + missing, "Set KAFKA_MISSING_TOPIC_TIMEOUT to e.g. 30s", context);
        Duration shutdown = properties.getShutdownTimeout();
        require(shutdown != null && !shutdown.isNegative(), "kafka.shutdown-timeout",
                "must be zero or a positive duration, was " + shutdown, "Set KAFKA_SHUTDOWN_TIMEOUT to e.g. 30s", context);
        Integer threads = properties.getNumThreads();
        require(threads == null || (threads >= 1 && threads <= 256), "kafka.num-threads",
                "must be between 1 and 256, was " + threads,
                "Set KAFKA_NUM_THREADS to a small positive number, or unset it for the default of " + DEFAULT_WORKERS,
                context);
        require(properties.getQueueCapacity() >= 1, "kafka.queue-capacity",
                "must be at least 1, was " + properties.getQueueCapacity(),
                "Set KAFKA_QUEUE_CAPACITY to the most messages to hold in memory, e.g. 100000", context);
        require(properties.getQueueMaxBytes() != null && properties.getQueueMaxBytes().toBytes() >= 1,
                "kafka.queue-max-bytes", "must be at least 1 byte, was " + properties.getQueueMaxBytes(),
                "Set KAFKA_QUEUE_MAX_BYTES to a size such as 64MB", context);
        Double seconds = properties.getPublishRetryIntervalSec();
        require(seconds == null || (Double.isFinite(seconds) && seconds > 0), "kafka.publish-retry-interval-sec",
                "must be a positive number of seconds, was " + seconds,
                "Set KAFKA_PUBLISH_RETRY_INTERVAL_SEC to e.g. 0.5", context);
        Duration retry = properties.getPublishRetryInterval();
        require(seconds != null || (retry != null && !retry.isNegative() && !retry.isZero()),
                "kafka.publish-retry-interval", "must be a positive duration, was " + retry,
                "Set KAFKA_PUBLISH_RETRY_INTERVAL to e.g. 1s", context);
        for (String topic : properties.getTopics()) {
            require(TOPIC.matcher(topic.trim()).matches() && !".".equals(topic.trim()) && !"..".equals(topic.trim()),
                    "kafka.topics", "'" + topic + "' is not a legal Kafka topic name",
                    "Use 1 to 249 of a-z A-Z 0-9 . _ - in each name of KAFKA_TOPICS", context);
        }
        if (properties.isEnabled()) {
            require(!properties.getBrokers().isEmpty(), "kafka.brokers", "is not set, and Kafka is enabled",
                    "Set KAFKA_BROKERS to the bootstrap list, e.g. kafka-0.kafka:9093,kafka-1.kafka:9093; "
                            + "or set KAFKA_ENABLED=false to run without Kafka",
                    context);
            for (String broker : properties.getBrokers()) {
                var matcher = BROKER.matcher(broker.trim());
                boolean valid = matcher.matches() && Integer.parseInt(matcher.group(2)) >= 1
                        && Integer.parseInt(matcher.group(2)) <= 65535;
                require(valid, "kafka.brokers", "'" + broker + "' is not a host:port address",
                        "Write KAFKA_BROKERS as comma-separated host:port pairs, e.g. kafka-0.kafka:9093 "
                                + "(no scheme, no path)",
                        context);
            }
        }
    }

    /**
     * The pool configuration; call {@link #validate} first.
     * @throws KafkaPoolStartupException when a producer setting or a customizer breaks a guarantee
     */
    public static PublisherConfig create(KafkaPoolProperties properties, TlsMaterial tls,
            List<KafkaPoolProducerCustomizer> customizers) {
        Map<String, Object> producer = ProducerProperties.build(properties, tls, customizers,
                StartupContext.describe(properties));
        return PublisherConfig.builder()
            .label(properties.getLogLabel())
            .enabled(properties.isEnabled())
            .allowedTopics(new LinkedHashSet<>(trimmed(properties.getTopics())))
            .workers((properties.getNumThreads() != null) ? properties.getNumThreads() : DEFAULT_WORKERS)
            .sharedProducer(properties.isSharedProducer())
            .queueCapacity(properties.getQueueCapacity())
            .queueMaxBytes(properties.getQueueMaxBytes().toBytes())
            .retryInterval(retryInterval(properties))
            .shutdownTimeout(properties.getShutdownTimeout())
            .missingTopicTimeout(properties.getMissingTopicTimeout())
            .producerProperties(producer)
            .connectionDescription(tls.description())
            .build();
    }

    static Duration retryInterval(KafkaPoolProperties properties) {
        Double seconds = properties.getPublishRetryIntervalSec();
        return (seconds != null) ? Duration.ofNanos(Math.round(seconds * 1_000_000_000d))
                : properties.getPublishRetryInterval();
    }

    static List<String> trimmed(List<String> values) {
        return values.stream().map(String::trim).filter((value) -> !value.isEmpty()).toList();
    }

    private static void require(boolean valid, String property, String problem, String action, String context) {
        if (!valid) {
            throw new KafkaPoolStartupException(SettingNames.env(property), property + " " + problem, action, context,
                    null);
        }
    }

}
