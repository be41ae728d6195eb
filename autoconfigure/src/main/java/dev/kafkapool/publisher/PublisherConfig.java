package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of one {@link PooledKafkaPublisher}, validated once by {@link Builder#build()} and
 * immutable afterwards.
 */
public final class PublisherConfig {

    private final String label;

    private final boolean enabled;

    private final Set<String> allowedTopics;

    private final int workers;

    private final boolean sharedProducer;

    private final int queueCapacity;

    private final long queueMaxBytes;

    private final Duration retryInterval;

    private final Duration shutdownTimeout;

    private final Duration missingTopicTimeout;

    private final Map<String, Object> producerProperties;

    private final String connectionDescription;

    private final int maxRecordBytes;

    private final String maxRecordBytesSetting;

    private PublisherConfig(Builder builder) {
        this.label = requireText(builder.label, "label");
        this.enabled = builder.enabled;
        this.allowedTopics = Collections.unmodifiableSet(new LinkedHashSet<>(builder.allowedTopics));
        this.workers = requireAtLeast(builder.workers, 1, "workers");
        this.sharedProducer = builder.sharedProducer;
        this.queueCapacity = requireAtLeast(builder.queueCapacity, 1, "queueCapacity");
        if (builder.queueMaxBytes < 1) {
            throw new IllegalArgumentException("queueMaxBytes must be positive, was " + builder.queueMaxBytes);
        }
        this.queueMaxBytes = builder.queueMaxBytes;
        this.retryInterval = requirePositive(builder.retryInterval, "retryInterval");
        this.shutdownTimeout = Objects.requireNonNull(builder.shutdownTimeout, "shutdownTimeout");
        if (this.shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
        this.missingTopicTimeout = requirePositive(builder.missingTopicTimeout, "missingTopicTimeout");
        this.producerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.producerProperties));
        this.connectionDescription = (builder.connectionDescription != null) ? builder.connectionDescription : "";
        long maxRequestSize = intSetting(this.producerProperties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        long bufferMemory = intSetting(this.producerProperties, ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        this.maxRecordBytes = (int) Math.min(maxRequestSize, bufferMemory);
        this.maxRecordBytesSetting = "producer's " + ((maxRequestSize <= bufferMemory)
                ? ProducerConfig.MAX_REQUEST_SIZE_CONFIG : ProducerConfig.BUFFER_MEMORY_CONFIG);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Prefix of the pool's log lines and {@code pool} tag of its metrics. */
    public String label() {
        return this.label;
    }

    /** Whether the pool connects to Kafka at all. */
    public boolean enabled() {
        return this.enabled;
    }

    /** Topics that may be published to; empty means any. */
    public Set<String> allowedTopics() {
        return this.allowedTopics;
    }

    public int workers() {
        return this.workers;
    }

    /** Whether all workers share one producer, rather than each having its own. */
    public boolean sharedProducer() {
        return this.sharedProducer;
    }

    public int queueCapacity() {
        return this.queueCapacity;
    }

    public long queueMaxBytes() {
        return this.queueMaxBytes;
    }

    public Duration retryInterval() {
        return this.retryInterval;
    }

    public Duration shutdownTimeout() {
        return this.shutdownTimeout;
    }

    /** Complete Kafka producer configuration, including bootstrap servers and security. */
    public Map<String, Object> producerProperties() {
        return this.producerProperties;
    }

    /** The bootstrap servers, as configured. */
    public String brokers() {
        Object servers = this.producerProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(servers);
    }

    /** How the pool connects (security protocol, TLS file paths; never key material), for logs. */
    public String connectionDescription() {
        return this.connectionDescription;
    }

    /**
     * How long records for a topic the cluster says does not exist wait for it before they fail;
     * once a topic has been missing that long, new records for it fail at once.
     */
    public Duration missingTopicTimeout() {
        return this.missingTopicTimeout;
    }

    /**
     * Largest record the producer takes, as it measures records: the smaller of
     * {@code max.request.size} and {@code buffer.memory}.
     */
    public int maxRecordBytes() {
        return this.maxRecordBytes;
    }

    /** Which producer setting {@link #maxRecordBytes()} comes from, for messages. */
    String maxRecordBytesSetting() {
        return this.maxRecordBytesSetting;
    }

    private static long intSetting(Map<String, Object> properties, String name, long defaultValue) {
        Object value = properties.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.toString().trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    private static int requireAtLeast(int value, int minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    private static Duration requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** Builds a {@link PublisherConfig}; {@link #build()} validates. */
    public static final class Builder {

        private String label = "kafka-pool";

        private boolean enabled = true;

        private Set<String> allowedTopics = Set.of();

        private int workers = 2;

        private boolean sharedProducer = true;

        private int queueCapacity = 100_000;

        private long queueMaxBytes = 64L * 1024 * 1024;

        private Duration retryInterval = Duration.ofSeconds(1);

        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Duration missingTopicTimeout = Duration.ofSeconds(30);

        private Map<String, Object> producerProperties = Map.of();

        private String connectionDescription;

        private Builder() {
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder allowedTopics(Set<String> allowedTopics) {
            this.allowedTopics = Objects.requireNonNull(allowedTopics);
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder sharedProducer(boolean sharedProducer) {
            this.sharedProducer = sharedProducer;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder queueMaxBytes(long queueMaxBytes) {
            this.queueMaxBytes = queueMaxBytes;
            return this;
        }

        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder missingTopicTimeout(Duration missingTopicTimeout) {
            this.missingTopicTimeout = missingTopicTimeout;
            return this;
        }

        public Builder producerProperties(Map<String, Object> producerProperties) {
            this.producerProperties = Objects.requireNonNull(producerProperties);
            return this;
        }

        public Builder connectionDescription(String connectionDescription) {
            this.connectionDescription = connectionDescription;
            return this;
        }

        public PublisherConfig build() {
            return new PublisherConfig(this);
        }

    }

}
