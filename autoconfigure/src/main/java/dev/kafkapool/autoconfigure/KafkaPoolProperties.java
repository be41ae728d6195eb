package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import dev.kafkapool.publisher.journal.FsyncMode;

/**
 * Settings of the Kafka publisher pool, under {@code kafka.*}. Every one is also an environment
 * variable: {@code kafka.num-threads} is {@code KAFKA_NUM_THREADS}.
 */
@ConfigurationProperties("kafka")
public class KafkaPoolProperties {

    /**
     * Whether to connect to Kafka. When false, no connection is made and every publish is
     * rejected with reason DISABLED; health reports it.
     */
    private boolean enabled = true;

    /**
     * Comma-separated host:port list of bootstrap brokers. Required when enabled.
     */
    private List<String> brokers = new ArrayList<>();

    /**
     * Comma-separated allow-list of topics. Each is checked at startup; publishing to another
     * topic is rejected. Empty allows any topic.
     */
    private List<String> topics = new ArrayList<>();

    /**
     * Prefix of every log line of the pool, and the 'pool' tag of every metric.
     */
    private String logLabel = "kafka-pool";

    /**
     * Number of publisher workers draining the queue, 1 to 256. The default 2 is measured in
     * BENCHMARKS.md; the README's "How many workers" says when 1 delivers more (2 cores, bursts).
     */
    private int numThreads = 2;

    /**
     * Pause before re-trying a failed delivery.
     * A number without a unit is in seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration publishRetryInterval = Duration.ofSeconds(1);

    /**
     * Pause before re-trying a failed delivery, in decimal seconds (rust-kafka-threadpool's
     * form, e.g. 0.5). Takes precedence over publish-retry-interval when set.
     */
    private Double publishRetryIntervalSec;

    /**
     * Most messages held in memory (queued or in flight). Beyond it, publish is rejected at
     * once with reason QUEUE_FULL.
     */
    private int queueCapacity = 100_000;

    /**
     * Most heap held by records in the pool (queued or in flight): key, value, headers and the
     * objects around them; at least 64KB. Beyond it, publish is rejected at once with reason
     * QUEUE_FULL.
     */
    private DataSize queueMaxBytes = DataSize.ofMegabytes(64);

    /**
     * Whether startup fails unless the cluster answers over TLS and every allow-listed topic
     * exists.
     */
    private boolean failFast = true;

    /**
     * How long startup keeps retrying transient connection failures.
     * A number without a unit is in seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration startupTimeout = Duration.ofSeconds(10);

    /**
     * How long shutdown may take to deliver queued messages.
     * A number without a unit is in seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /**
     * How long records for a topic the cluster says does not exist wait for it to be created before
     * they fail; other topics are never held back. Once a topic has been missing that long, new
     * records for it fail at once, until it exists.
     * A number without a unit is in seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration missingTopicTimeout = Duration.ofSeconds(30);

    /**
     * Whether all workers share one Kafka producer (true) or each has its own (false).
     */
    private boolean sharedProducer = true;

    /**
     * Kafka producer settings passed through, e.g. KAFKA_PRODUCER_LINGER_MS=5 sets linger.ms.
     * One that would break a guarantee of the pool (acks, idempotence, TLS, partitioning,
     * max.block.ms, brokers, serializers) stops startup.
     */
    private Map<String, String> producer = new LinkedHashMap<>();

    /**
     * Rates per topic, by topic name: kafka.topic-limits.orders.records-per-second=1000. A record
     * beyond its topic's rate is refused at once with reason RATE_LIMITED and the time after which
     * it would be taken. As environment variables, KAFKA_TOPIC_LIMITS_<TOPIC>_RECORDS_PER_SECOND,
     * _BYTES_PER_SECOND and _BURST, where <TOPIC> is an allow-listed topic (KAFKA_TOPICS)
     * upper-cased with '.' and '-' written as '_'.
     */
    private Map<String, TopicLimit> topicLimits = new LinkedHashMap<>();

    private final Tls tls = new Tls();

    private final Health health = new Health();

    private final Journal journal = new Journal();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getBrokers() {
        return this.brokers;
    }

    public void setBrokers(List<String> brokers) {
        this.brokers = brokers;
    }

    public List<String> getTopics() {
        return this.topics;
    }

    public void setTopics(List<String> topics) {
        this.topics = topics;
    }

    /**
     * The allow-list as the pool uses it: {@link #getTopics()} with each name trimmed, blank entries
     * and repeats dropped, in order ({@code KAFKA_TOPICS=" orders, ,orders,audit"} is {@code orders,
     * audit}). Every part of the starter (fail-fast, health, metrics, limits, the pool) reads the
     * list through this, so that they agree on it.
     * @return the topics the pool publishes to, or an empty list for any topic
     */
    public List<String> determineTopics() {
        return this.topics.stream().map(String::trim).filter((topic) -> !topic.isEmpty()).distinct().toList();
    }

    public String getLogLabel() {
        return this.logLabel;
    }

    public void setLogLabel(String logLabel) {
        this.logLabel = logLabel;
    }

    public int getNumThreads() {
        return this.numThreads;
    }

    public void setNumThreads(int numThreads) {
        this.numThreads = numThreads;
    }

    public Duration getPublishRetryInterval() {
        return this.publishRetryInterval;
    }

    public void setPublishRetryInterval(Duration publishRetryInterval) {
        this.publishRetryInterval = publishRetryInterval;
    }

    public Double getPublishRetryIntervalSec() {
        return this.publishRetryIntervalSec;
    }

    public void setPublishRetryIntervalSec(Double publishRetryIntervalSec) {
        this.publishRetryIntervalSec = publishRetryIntervalSec;
    }

    public int getQueueCapacity() {
        return this.queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public DataSize getQueueMaxBytes() {
        return this.queueMaxBytes;
    }

    public void setQueueMaxBytes(DataSize queueMaxBytes) {
        this.queueMaxBytes = queueMaxBytes;
    }

    public boolean isFailFast() {
        return this.failFast;
    }

    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public Duration getStartupTimeout() {
        return this.startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public Duration getMissingTopicTimeout() {
        return this.missingTopicTimeout;
    }

    public void setMissingTopicTimeout(Duration missingTopicTimeout) {
        this.missingTopicTimeout = missingTopicTimeout;
    }

    public Duration getShutdownTimeout() {
        return this.shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public boolean isSharedProducer() {
        return this.sharedProducer;
    }

    public void setSharedProducer(boolean sharedProducer) {
        this.sharedProducer = sharedProducer;
    }

    public Map<String, String> getProducer() {
        return this.producer;
    }

    public void setProducer(Map<String, String> producer) {
        this.producer = producer;
    }

    public Map<String, TopicLimit> getTopicLimits() {
        return this.topicLimits;
    }

    public void setTopicLimits(Map<String, TopicLimit> topicLimits) {
        this.topicLimits = topicLimits;
    }

    public Tls getTls() {
        return this.tls;
    }

    public Health getHealth() {
        return this.health;
    }

    public Journal getJournal() {
        return this.journal;
    }

    /** The rate of one topic: records per second, bytes per second, or both, with a burst. */
    public static class TopicLimit {

        /**
         * Records per second the topic may be published at, e.g. 1000 or 0.5; 0: no records rate.
         */
        private double recordsPerSecond;

        /**
         * Payload bytes (key, value, headers) per second the topic may be published at, e.g. 1MB;
         * unset or 0: no bytes rate.
         */
        private DataSize bytesPerSecond;

        /**
         * Records that may be published at once above the rate after a quiet spell; 0: one
         * second's worth. The bytes rate allows as many seconds of bytes.
         */
        private long burst;

        public double getRecordsPerSecond() {
            return this.recordsPerSecond;
        }

        public void setRecordsPerSecond(double recordsPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
        }

        public DataSize getBytesPerSecond() {
            return this.bytesPerSecond;
        }

        public void setBytesPerSecond(DataSize bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        public long getBurst() {
            return this.burst;
        }

        public void setBurst(long burst) {
            this.burst = burst;
        }

    }

    /**
     * The durable journal: with a directory, an accepted record survives the death of the process
     * and is delivered by the next start.
     */
    public static class Journal {

        /**
         * Directory of the journal's segment files and lock; one per process. Unset: records live
         * in memory only, and are lost if the process dies.
         */
        private String dir;

        /**
         * When the journal forces records to the disk: interval (at most every fsync-interval; a
         * power loss loses at most that window), always (before publish returns, shared between
         * concurrent callers), or never (the kernel decides). The death of the process loses
         * nothing in any mode.
         */
        private FsyncMode fsync = FsyncMode.INTERVAL;

        /**
         * Most time between two fsyncs in interval mode.
         * A number without a unit is in milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration fsyncInterval = Duration.ofMillis(200);

        /**
         * Most disk the journal's segment files take, at least 4MB; beyond it publish is refused
         * at once with reason JOURNAL_FULL until the broker has taken what the journal holds.
         */
        private DataSize maxBytes = DataSize.ofGigabytes(1);

        public String getDir() {
            return this.dir;
        }

        public void setDir(String dir) {
            this.dir = dir;
        }

        public FsyncMode getFsync() {
            return this.fsync;
        }

        public void setFsync(FsyncMode fsync) {
            this.fsync = fsync;
        }

        public Duration getFsyncInterval() {
            return this.fsyncInterval;
        }

        public void setFsyncInterval(Duration fsyncInterval) {
            this.fsyncInterval = fsyncInterval;
        }

        public DataSize getMaxBytes() {
            return this.maxBytes;
        }

        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

    }

    /** The {@code kafka} health indicator. */
    public static class Health {

        /**
         * Longest a health request waits for the cluster check before answering DOWN. Keep it
         * below the probe timeout of your orchestrator.
         * A number without a unit is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration timeout = Duration.ofSeconds(1);

        /**
         * How long a cluster check result is reused before the next request checks again.
         * A number without a unit is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration cacheTtl = Duration.ofSeconds(2);

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getCacheTtl() {
            return this.cacheTtl;
        }

        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }

    }

    /** TLS to the brokers: PEM files, or a Spring Boot SSL bundle. */
    public static class Tls {

        /**
         * Whether to use TLS. False allows PLAINTEXT, with a warning at startup.
         */
        private boolean enabled = true;

        /**
         * PEM file with the CA certificate(s) that signed the brokers. Empty uses the JVM's
         * default trust store.
         */
        private String clientCa;

        /**
         * PEM file with the client certificate chain, leaf first.
         */
        private String clientCert;

        /**
         * PEM file with the client private key: PKCS#8 or PKCS#1; RSA, RSASSA-PSS, EC, Ed25519
         * or Ed448; plain or encrypted PKCS#8.
         */
        private String clientKey;

        /**
         * Password of an encrypted client key.
         */
        private String clientKeyPassword;

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to use instead of the PEM
         * files.
         */
        private String bundle;

        /**
         * Whether to take renewed TLS material without a restart: the PEM files are checked
         * every reload-interval and, when their content changed and is valid, the pool moves to
         * new producers with it; an SSL bundle is followed when the bundle itself reloads
         * (reload-on-update).
         */
        private boolean reload = true;

        /**
         * How often the PEM files are checked for new content.
         * A number without a unit is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration reloadInterval = Duration.ofSeconds(30);

        /**
         * How long before the client certificate expires a warning is logged while no renewed
         * one has arrived; 0 for no warning.
         * A number without a unit is in days.
         */
        @DurationUnit(ChronoUnit.DAYS)
        private Duration expiryWarning = Duration.ofDays(7);

        public boolean isReload() {
            return this.reload;
        }

        public void setReload(boolean reload) {
            this.reload = reload;
        }

        public Duration getReloadInterval() {
            return this.reloadInterval;
        }

        public void setReloadInterval(Duration reloadInterval) {
            this.reloadInterval = reloadInterval;
        }

        public Duration getExpiryWarning() {
            return this.expiryWarning;
        }

        public void setExpiryWarning(Duration expiryWarning) {
            this.expiryWarning = expiryWarning;
        }

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getClientCa() {
            return this.clientCa;
        }

        public void setClientCa(String clientCa) {
            this.clientCa = clientCa;
        }

        public String getClientCert() {
            return this.clientCert;
        }

        public void setClientCert(String clientCert) {
            this.clientCert = clientCert;
        }

        public String getClientKey() {
            return this.clientKey;
        }

        public void setClientKey(String clientKey) {
            this.clientKey = clientKey;
        }

        public String getClientKeyPassword() {
            return this.clientKeyPassword;
        }

        public void setClientKeyPassword(String clientKeyPassword) {
            this.clientKeyPassword = clientKeyPassword;
        }

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        @Override
        public String toString() {
            // never the key password
            return "Tls[enabled=" + this.enabled + ", clientCa=" + this.clientCa + ", clientCert=" + this.clientCert
                    + ", clientKey=" + this.clientKey + ", bundle=" + this.bundle + "]";
        }

    }

}
