package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.kafkapool.publisher.journal.JournalSettings;

/**
 * The settings of one {@link PooledKafkaPublisher}, validated once by {@link Builder#build()} and
 * immutable afterwards. Every range is checked here, for every user of the core (the Spring Boot
 * starter checks its settings before, to name its environment variables in a startup report); a
 * setting out of range is an {@link InvalidPublisherConfigException} naming it.
 *
 * <p>The producer properties are final here too: what the pool relies on ({@code acks=all},
 * idempotence, {@code max.block.ms=0}) is added, and a value that contradicts it is refused, as are
 * settings that would break per-key order ({@code partitioner.class},
 * {@code partitioner.ignore.keys=true}) or override the connection ({@code ssl.*} but
 * {@code ssl.endpoint.identification.algorithm=https}, {@code sasl.*});
 * {@code client.id} defaults to the label. Where to connect is not a setting of the pool but a
 * {@link ConnectionProperties}, which may change while the pool runs.
 *
 * <p>Messages name each setting by its builder property, or by the names the builder's
 * {@link Builder#settingNames settingNames} gives it (environment variables, for the Spring Boot
 * starter).
 */
public final class PublisherConfig {

    /** Most workers a pool may have. */
    public static final int MAX_WORKERS = 256;

    /**
     * Producer settings the pool relies on, decided here once: {@code acks=all}, idempotence, and
     * {@code max.block.ms=0} (a worker never blocks in {@code send}). {@link #producerProperties()}
     * has them whatever it was given; a given value that differs is refused.
     */
    public static final Map<String, String> REQUIRED_PRODUCER_PROPERTIES = requiredProducerProperties();

    /** Most requests in flight per connection with which an idempotent producer keeps order. */
    private static final int MAX_IN_FLIGHT_WITH_IDEMPOTENCE = 5;

    /** Connection settings: they belong to {@link ConnectionProperties}. */
    private static final Set<String> CONNECTION_PROPERTIES = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);

    private final UnaryOperator<String> settingNames;

    /** In a fixed order, so that customizers see the same map on every start. */
    private static Map<String, String> requiredProducerProperties() {
        Map<String, String> required = new LinkedHashMap<>();
        required.put(ProducerConfig.ACKS_CONFIG, "all");
        required.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        required.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        return Collections.unmodifiableMap(required);
    }

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

    private final JournalSettings journal;

    private final Map<String, TopicLimit> topicLimits;

    private final int maxRecordBytes;

    private final String maxRecordBytesSetting;

    /** The shortest pause before a retry. */
    public static final Duration SHORTEST_RETRY_INTERVAL = Duration.ofMillis(1);

    /** The longest duration the JVM's timers count: a {@code long} of nanoseconds, about 292 years. */
    public static final Duration LONGEST_TIMER = Duration.ofNanos(Long.MAX_VALUE);

    private PublisherConfig(Builder builder) {
        this.settingNames = Objects.requireNonNull(builder.settingNames, "settingNames");
        this.label = requireText(builder.label, "label");
        if (this.label.codePoints().anyMatch(PublisherConfig::breaksLogLines)) {
            // each of the pool's log lines starts with it: a line break would let the setting write lines of its own
            throw invalid("label", "must not contain line breaks or other control characters");
        }
        this.enabled = builder.enabled;
        this.allowedTopics = Collections.unmodifiableSet(new LinkedHashSet<>(builder.allowedTopics));
        for (String topic : this.allowedTopics) {
            if (topic == null) {
                throw invalid("allowedTopics", "holds an empty entry (null): name each topic");
            }
            if (!TopicNames.isLegal(topic)) {
                throw invalid("allowedTopics", "names " + LogSafe.text(topic) + ", not a legal Kafka topic name ("
                        + TopicNames.RULE + ")");
            }
        }
        this.workers = requireBetween(builder.workers, 1, MAX_WORKERS, "workers");
        this.sharedProducer = builder.sharedProducer;
        this.queueCapacity = requireBetween(builder.queueCapacity, 1, Integer.MAX_VALUE, "queueCapacity");
        if (builder.queueMaxBytes < 1) {
            throw invalid("queueMaxBytes", "must be at least 1 byte, was " + builder.queueMaxBytes);
        }
        this.queueMaxBytes = builder.queueMaxBytes;
        this.retryInterval = requireTimer(requirePositive(builder.retryInterval, "retryInterval"), "retryInterval");
        if (this.retryInterval.compareTo(SHORTEST_RETRY_INTERVAL) < 0) {
            // a nanosecond retried some 70,000 times a second, a core busy and the log flooded while a broker was away
            throw invalid("retryInterval", "must be at least " + text(SHORTEST_RETRY_INTERVAL) + ", was "
                    + text(this.retryInterval));
        }
        if (builder.shutdownTimeout == null || builder.shutdownTimeout.isNegative()) {
            throw invalid("shutdownTimeout", "must be zero or positive, was "
                    + ((builder.shutdownTimeout != null) ? text(builder.shutdownTimeout) : "empty"));
        }
        this.shutdownTimeout = requireTimer(builder.shutdownTimeout, "shutdownTimeout");
        this.missingTopicTimeout = requireTimer(requirePositive(builder.missingTopicTimeout, "missingTopicTimeout"),
                "missingTopicTimeout");
        this.producerProperties = finalProducerProperties(builder.producerProperties);
        Map<String, Object> asKafkaReadsThem = readAsKafka(this.producerProperties);
        this.journal = builder.journal;
        this.topicLimits = checkedTopicLimits(builder.topicLimits);
        // Kafka's own reading, with its defaults (1 MB and 32 MB)
        long maxRequestSize = ((Number) asKafkaReadsThem.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).longValue();
        long bufferMemory = ((Number) asKafkaReadsThem.get(ProducerConfig.BUFFER_MEMORY_CONFIG)).longValue();
        this.maxRecordBytes = (int) Math.min(maxRequestSize, bufferMemory);
        this.maxRecordBytesSetting = setting("producerProperties."
                + ((maxRequestSize <= bufferMemory) ? ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                        : ProducerConfig.BUFFER_MEMORY_CONFIG));
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name to show for a setting: {@code workers}, or {@code producerProperties.linger.ms};
     * through the builder's {@link Builder#settingNames settingNames}.
     */
    public String setting(String property) {
        return this.settingNames.apply(property);
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

    /** Worker threads, each with its lane. */
    public int workers() {
        return this.workers;
    }

    /** Whether all workers share one producer, rather than each having its own. */
    public boolean sharedProducer() {
        return this.sharedProducer;
    }

    /** Most messages held, queued or in flight. */
    public int queueCapacity() {
        return this.queueCapacity;
    }

    /** Most heap the held messages may take ({@link MessageFootprint}). */
    public long queueMaxBytes() {
        return this.queueMaxBytes;
    }

    /** Pause before a failed send is tried again. */
    public Duration retryInterval() {
        return this.retryInterval;
    }

    /** How long shutdown delivers what is held. */
    public Duration shutdownTimeout() {
        return this.shutdownTimeout;
    }

    /**
     * How long records for a topic the cluster says does not exist wait for it before they fail;
     * once a topic has been missing that long, new records for it fail at once.
     */
    public Duration missingTopicTimeout() {
        return this.missingTopicTimeout;
    }

    /** The producers' settings, final: with {@code acks=all}, idempotence, {@code max.block.ms=0}, a client id. */
    public Map<String, Object> producerProperties() {
        return this.producerProperties;
    }

    /** The journal's settings, or {@code null}: records live in memory only. */
    public JournalSettings journal() {
        return this.journal;
    }

    /** Rates per topic; a topic without an entry is not limited. */
    public Map<String, TopicLimit> topicLimits() {
        return this.topicLimits;
    }

    /**
     * Largest record the producer takes, as it measures records: the smaller of
     * {@code max.request.size} and {@code buffer.memory}.
     */
    public int maxRecordBytes() {
        return this.maxRecordBytes;
    }

    /** Which setting {@link #maxRecordBytes()} comes from, by its shown name. */
    String maxRecordBytesSetting() {
        return this.maxRecordBytesSetting;
    }

    private Map<String, Object> finalProducerProperties(Map<String, Object> given) {
        Map<String, Object> properties = new LinkedHashMap<>(given);
        if (properties.containsKey(null)) {
            throw invalid("producerProperties", "holds a setting without a name (a null key)");
        }
        for (String name : CONNECTION_PROPERTIES) {
            if (properties.containsKey(name)) {
                throw invalid("producerProperties." + name, "belongs to the ConnectionProperties, not the producer "
                        + "settings");
            }
        }
        properties.forEach((name, value) -> {
            String problem = brokenGuarantee(name, value);
            if (problem != null) {
                throw invalid("producerProperties." + name, problem);
            }
        });
        REQUIRED_PRODUCER_PROPERTIES.forEach((name, required) -> {
            Object value = properties.get(name);
            if (value != null && !sameValue(name, value.toString(), required)) {
                throw invalid("producerProperties." + name, "must be " + required + " (the pool relies on it), was "
                        + value);
            }
            properties.put(name, required);
        });
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, this.label);
        return Collections.unmodifiableMap(properties);
    }

    /**
     * Reads {@code properties} as Kafka's producer will, so that a value it refuses (a type, a range, a compression it
     * does not know, what idempotence forbids) fails here, named, and not at {@code start()} with the pool unstarted.
     * @return every producer setting as Kafka reads it, its defaults included
     */
    private Map<String, Object> readAsKafka(Map<String, Object> properties) {
        Map<String, Object> parsed;
        try {
            Map<String, Object> probe = new HashMap<>(properties);
            // where and how to connect are the connection's: stand-ins, as Kafka wants them present
            probe.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
            probe.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            probe.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            parsed = ProducerConfig.configDef().parse(probe);
        }
        catch (ConfigException ex) {
            String name = properties.keySet().stream()
                .filter((key) -> String.valueOf(ex.getMessage()).contains("configuration " + key))
                .findFirst()
                .orElse(null);
            throw invalid((name != null) ? "producerProperties." + name : "producerProperties",
                    "is not what Kafka's producer takes: " + ex.getMessage());
        }
        Object inFlight = parsed.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight instanceof Integer requests && requests > MAX_IN_FLIGHT_WITH_IDEMPOTENCE) {
            throw invalid("producerProperties." + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "must be at most "
                    + MAX_IN_FLIGHT_WITH_IDEMPOTENCE + " (an idempotent producer keeps order only so), was " + requests);
        }
        Object retries = parsed.get(ProducerConfig.RETRIES_CONFIG);
        if (retries instanceof Integer count && count < 1) {
            throw invalid("producerProperties." + ProducerConfig.RETRIES_CONFIG, "must be at least 1 (an idempotent "
                    + "producer needs retries; the pool retries what fails beyond them), was " + count);
        }
        return parsed;
    }

    private Map<String, TopicLimit> checkedTopicLimits(Map<String, TopicLimit> given) {
        Map<String, TopicLimit> limits = new LinkedHashMap<>();
        given.forEach((topic, limit) -> {
            String property = "topicLimits." + topic;
            if (!this.allowedTopics.isEmpty() && !this.allowedTopics.contains(topic)) {
                throw invalid(property, "limits topic " + LogSafe.text(topic) + ", which is not in "
                        + setting("allowedTopics") + " " + this.allowedTopics);
            }
            if (!TopicNames.isLegal(topic)) {
                throw invalid(property, "names " + LogSafe.text(topic) + ", not a legal Kafka topic name");
            }
            if (Double.isInfinite(limit.recordsPerSecond())) {
                throw invalid(property + ".recordsPerSecond", "is too large to be a rate (it reads as infinite): "
                        + "set zero for no limit");
            }
            if (!(limit.recordsPerSecond() >= 0)) {
                throw invalid(property + ".recordsPerSecond", "must be zero (no limit) or positive, was "
                        + limit.recordsPerSecond());
            }
            requireNotNegative(limit.bytesPerSecond(), property + ".bytesPerSecond");
            requireNotNegative(limit.burst(), property + ".burst");
            if (limit.burst() > 0 && limit.recordsPerSecond() == 0) {
                // it would be dropped unseen: a bytes rate's bucket holds one second of bytes
                throw invalid(property + ".burst", "counts records above the records rate, and " + LogSafe.text(topic)
                        + " has none: set " + setting(property + ".recordsPerSecond") + " beside it, or unset "
                        + setting(property + ".burst"));
            }
            if (limit.limits()) {
                limits.put(topic, limit);
            }
        });
        return Collections.unmodifiableMap(limits);
    }

    private void requireNotNegative(long value, String property) {
        if (value < 0) {
            throw invalid(property, "must be zero (no limit) or positive, was " + value);
        }
    }

    /**
     * Why a producer setting would quietly break what the pool promises (per-key order, mTLS with
     * hostname verification from the connection), or {@code null} when it may be set.
     */
    private static String brokenGuarantee(String name, Object value) {
        String broken = PromiseBreakingSettings.problem(name, value);
        if (broken != null) {
            return broken;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG.equals(name)) {
            // https or unset: PromiseBreakingSettings refused anything else
            return null;
        }
        if (lower.startsWith("ssl.") || lower.startsWith("sasl.")) {
            return "belongs to the ConnectionProperties (how the producers connect and authenticate), not the "
                    + "producer settings, which would override it";
        }
        return null;
    }

    private static boolean sameValue(String name, String value, String required) {
        String trimmed = value.trim();
        return trimmed.equalsIgnoreCase(required)
                || (ProducerConfig.ACKS_CONFIG.equals(name) && "-1".equals(trimmed));
    }

    private String requireText(String value, String property) {
        if (value == null || value.isBlank()) {
            throw invalid(property, "must not be empty");
        }
        return value;
    }

    private int requireBetween(int value, int minimum, int maximum, String property) {
        if (value < minimum || value > maximum) {
            throw invalid(property, ((maximum == Integer.MAX_VALUE) ? "must be at least " + minimum
                    : "must be between " + minimum + " and " + maximum) + ", was " + value);
        }
        return value;
    }

    private Duration requirePositive(Duration value, String property) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(property, "must be positive, was " + ((value != null) ? text(value) : "empty"));
        }
        return value;
    }

    /**
     * Whether a character in a label could write log lines of its own: a control character, or a Unicode line or
     * paragraph separator (U+2028, U+2029), which some log viewers break lines at.
     */
    public static boolean breaksLogLines(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * At most {@link #LONGEST_TIMER}: the JVM's timers count nanoseconds in a {@code long}, and a longer wait failed
     * with an arithmetic overflow where it was first used (a shutdown that could then never run, a worker that died).
     */
    private Duration requireTimer(Duration value, String property) {
        if (value.compareTo(LONGEST_TIMER) > 0) {
            throw invalid(property, "must be at most " + LONGEST_TIMER.toDays() + "d (the longest wait the JVM's timers "
                    + "count), was " + value.toDays() + "d");
        }
        return value;
    }

    /** A duration as settings spell it ({@code -1s}, {@code 250ms}), not as {@link Duration#toString} does ({@code PT-1S}). */
    static String text(Duration value) {
        if (value.getNano() == 0) {
            return value.getSeconds() + "s";
        }
        try {
            long nanos = value.toNanos();
            return (nanos % 1_000_000L == 0) ? (nanos / 1_000_000L) + "ms" : nanos + "ns";
        }
        catch (ArithmeticException ex) {
            // beyond 292 years, with a fraction of a second
            return value.toString();
        }
    }

    private InvalidPublisherConfigException invalid(String property, String problem) {
        return new InvalidPublisherConfigException(property, setting(property), problem);
    }

    /** Builds a {@link PublisherConfig}; {@link #build()} validates. Defaults are those of the Spring Boot starter. */
    public static final class Builder {

        private UnaryOperator<String> settingNames = UnaryOperator.identity();

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

        private JournalSettings journal;

        private Map<String, TopicLimit> topicLimits = Map.of();

        private Builder() {
        }

        /**
         * How messages name a setting, given its builder property (or {@code producerProperties.}
         * and a producer setting); the property itself by default.
         */
        public Builder settingNames(UnaryOperator<String> settingNames) {
            this.settingNames = settingNames;
            return this;
        }

        /** Prefix of log lines and {@code pool} tag of metrics; {@code kafka-pool} by default. */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** Whether to connect at all; {@code true} by default. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Topics that may be published to; empty (any) by default. */
        public Builder allowedTopics(Set<String> allowedTopics) {
            this.allowedTopics = Objects.requireNonNull(allowedTopics);
            return this;
        }

        /** Workers, 1 to {@value PublisherConfig#MAX_WORKERS}; 2 by default (BENCHMARKS.md; the README's "How many workers"). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Whether workers share one producer; {@code true} by default. */
        public Builder sharedProducer(boolean sharedProducer) {
            this.sharedProducer = sharedProducer;
            return this;
        }

        /** Most messages held; 100,000 by default. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Most heap held by messages; 64 MB by default. */
        public Builder queueMaxBytes(long queueMaxBytes) {
            this.queueMaxBytes = queueMaxBytes;
            return this;
        }

        /** Pause before a retry, at least 1 ms; 1 s by default. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /** Drain budget at shutdown; 30 s by default. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** How long records wait for a missing topic; 30 s by default. */
        public Builder missingTopicTimeout(Duration missingTopicTimeout) {
            this.missingTopicTimeout = missingTopicTimeout;
            return this;
        }

        /** Producer settings other than the connection's; none by default. */
        public Builder producerProperties(Map<String, Object> producerProperties) {
            this.producerProperties = Objects.requireNonNull(producerProperties);
            return this;
        }

        /** A durable journal: accepted records survive the death of the process; none by default. */
        public Builder journal(JournalSettings journal) {
            this.journal = journal;
            return this;
        }

        /** Rates per topic (each topic must be allowed); none by default. */
        public Builder topicLimits(Map<String, TopicLimit> topicLimits) {
            this.topicLimits = Objects.requireNonNull(topicLimits);
            return this;
        }

        /**
         * The config, every range checked and the producer settings made final.
         * @throws InvalidPublisherConfigException naming the first setting out of range
         */
        public PublisherConfig build() {
            return new PublisherConfig(this);
        }

    }

}
