package dev.kafkapool.autoconfigure.publisher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.publisher.InvalidPublisherConfigException;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.TopicLimit;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.JournalSettings;

/**
 * The pool's immutable {@link PublisherConfig} from the {@code kafka.*} settings, which
 * {@link StarterSettingsCheck} checked before; the config checks its own ranges once more, and a
 * problem becomes a {@link KafkaPoolStartupException} naming the environment variable, the value
 * and the fix. Also how a builder property of the config is named as a setting, for both. Defaults
 * live in one place: the fields of {@link KafkaPoolProperties}.
 */
final class PoolSettings {

    /** Longer fsync intervals are warned about: they are close to no fsync at all. */
    private static final Duration LONG_FSYNC_INTERVAL = Duration.ofMinutes(1);

    /** Builder properties of {@link PublisherConfig} and the {@code kafka.*} property that sets each. */
    private static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("label", "kafka.log-label"),
            Map.entry("enabled", "kafka.enabled"), Map.entry("allowedTopics", "kafka.topics"),
            Map.entry("workers", "kafka.num-threads"), Map.entry("sharedProducer", "kafka.shared-producer"),
            Map.entry("queueCapacity", "kafka.queue-capacity"), Map.entry("queueMaxBytes", "kafka.queue-max-bytes"),
            Map.entry("retryInterval", "kafka.publish-retry-interval"),
            Map.entry("shutdownTimeout", "kafka.shutdown-timeout"),
            Map.entry("missingTopicTimeout", "kafka.missing-topic-timeout"),
            Map.entry("journalMaxBytes", "kafka.journal.max-bytes"));

    /** Fields of a {@link TopicLimit} and their {@code kafka.topic-limits.<topic>.*} names. */
    private static final Map<String, String> TOPIC_LIMIT_FIELDS = Map.of("recordsPerSecond", "records-per-second",
            "bytesPerSecond", "bytes-per-second", "burst", "burst");

    /** What to do about each setting out of range. */
    static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("kafka.log-label", "Set " + SettingNames.LOG_LABEL + " to a short name, or unset it"),
            Map.entry("kafka.num-threads", "Set " + SettingNames.NUM_THREADS
                    + " to a number of workers from 1 to " + PublisherConfig.MAX_WORKERS + ", or unset it"),
            Map.entry("kafka.queue-capacity",
                    "Set " + SettingNames.QUEUE_CAPACITY + " to the most messages to hold in memory, e.g. 100000"),
            Map.entry("kafka.queue-max-bytes",
                    "Set " + SettingNames.QUEUE_MAX_BYTES + " to a size such as 64MB"),
            Map.entry("kafka.publish-retry-interval",
                    "Set " + SettingNames.PUBLISH_RETRY_INTERVAL + " to e.g. 1s"),
            Map.entry("kafka.publish-retry-interval-sec",
                    "Set " + SettingNames.PUBLISH_RETRY_INTERVAL_SEC + " to e.g. 0.5"),
            Map.entry("kafka.shutdown-timeout", "Set " + SettingNames.SHUTDOWN_TIMEOUT + " to e.g. 30s"),
            Map.entry("kafka.missing-topic-timeout", "Set " + SettingNames.MISSING_TOPIC_TIMEOUT + " to e.g. 30s"));

    private final KafkaPoolProperties properties;

    private final String context;

    PoolSettings(KafkaPoolProperties properties) {
        this.properties = properties;
        this.context = StartupContext.describe(properties);
    }

    /** Brokers and TLS paths, for failure reports. */
    String context() {
        return this.context;
    }

    /**
     * The pool's configuration with {@code producerProperties}.
     * @throws KafkaPoolStartupException naming the variable of a setting out of range
     */
    PublisherConfig toConfig(Map<String, Object> producerProperties) {
        return toConfig(producerProperties, Map.of());
    }

    /**
     * The pool's configuration with {@code producerProperties} and the rates of
     * {@link TopicLimitSettings}.
     * @throws KafkaPoolStartupException naming the variable of a setting out of range
     */
    PublisherConfig toConfig(Map<String, Object> producerProperties, Map<String, TopicLimit> topicLimits) {
        try {
            return PublisherConfig.builder()
                .settingNames((property) -> SettingNames.env(kafkaProperty(property)))
                .label(this.properties.getLogLabel())
                .enabled(this.properties.isEnabled())
                .allowedTopics(new LinkedHashSet<>(this.properties.determineTopics()))
                .workers(this.properties.getNumThreads())
                .sharedProducer(this.properties.isSharedProducer())
                .queueCapacity(this.properties.getQueueCapacity())
                .queueMaxBytes((this.properties.getQueueMaxBytes() != null)
                        ? this.properties.getQueueMaxBytes().toBytes() : 0)
                .retryInterval(retryInterval())
                .shutdownTimeout(this.properties.getShutdownTimeout())
                .missingTopicTimeout(this.properties.getMissingTopicTimeout())
                .producerProperties(producerProperties)
                .journal(journal())
                .topicLimits(topicLimits)
                .build();
        }
        catch (InvalidPublisherConfigException ex) {
            String property = kafkaProperty(ex.setting());
            throw new KafkaPoolStartupException(SettingNames.env(property), property + " " + ex.problem(),
                    ACTIONS.getOrDefault(property, "Correct or unset " + SettingNames.env(property)), this.context,
                    null);
        }
        catch (NullPointerException ex) {
            throw new KafkaPoolStartupException(null, "a kafka.* setting is empty: " + ex.getMessage(),
                    "Give every kafka.* setting a value, or unset it", this.context, ex);
        }
    }

    /** The journal's settings, or {@code null} without a directory; {@link StarterSettingsCheck} checked them. */
    private JournalSettings journal() {
        KafkaPoolProperties.Journal journal = this.properties.getJournal();
        if (journal.getDir() == null || journal.getDir().isBlank()) {
            return null;
        }
        Duration interval = journal.getFsyncInterval();
        if (journal.getFsync() == FsyncMode.INTERVAL && interval.compareTo(LONG_FSYNC_INTERVAL) > 0) {
            LoggerFactory.getLogger(PoolSettings.class)
                .warn("{} - {}={}: a power loss or kernel crash may lose up to that much of accepted records, close"
                        + " to fsync never; the default is 200ms", this.properties.getLogLabel(),
                        SettingNames.JOURNAL_FSYNC_INTERVAL, SettingText.of(interval));
        }
        long maxBytes = journal.getMaxBytes().toBytes();
        Path directory = Path.of(journal.getDir().trim());
        if (!directory.isAbsolute()) {
            // the same directory after a restart from another working directory only if resolved now
            directory = directory.toAbsolutePath().normalize();
            LoggerFactory.getLogger(PoolSettings.class)
                .warn("{} - {}={} is a relative path: the journal is in {}, under the working directory. A start from "
                        + "another working directory opens another journal and leaves this one's records undelivered:"
                        + " give an absolute path", this.properties.getLogLabel(), SettingNames.JOURNAL_DIR,
                        journal.getDir().trim(), directory);
        }
        return JournalSettings.of(directory, journal.getFsync(), interval, maxBytes);
    }

    /** The {@code kafka.*} property that sets a builder property of {@link PublisherConfig}. */
    String kafkaProperty(String property) {
        if (property.startsWith("producerProperties.")) {
            return "kafka.producer." + property.substring("producerProperties.".length());
        }
        if (property.startsWith("topicLimits.")) {
            String limit = property.substring("topicLimits.".length());
            for (Map.Entry<String, String> field : TOPIC_LIMIT_FIELDS.entrySet()) {
                if (limit.endsWith("." + field.getKey())) {
                    return "kafka.topic-limits." + limit.substring(0, limit.length() - field.getKey().length())
                            + field.getValue();
                }
            }
            return "kafka.topic-limits." + limit;
        }
        if ("retryInterval".equals(property) && this.properties.getPublishRetryIntervalSec() != null) {
            return "kafka.publish-retry-interval-sec";
        }
        return PROPERTIES.getOrDefault(property, property);
    }

    Duration retryInterval() {
        Double seconds = this.properties.getPublishRetryIntervalSec();
        return (seconds != null) ? Duration.ofNanos(Math.round(seconds * 1_000_000_000d))
                : this.properties.getPublishRetryInterval();
    }

    static List<String> trimmed(List<String> values) {
        return values.stream().map(String::trim).filter((value) -> !value.isEmpty()).toList();
    }

}
