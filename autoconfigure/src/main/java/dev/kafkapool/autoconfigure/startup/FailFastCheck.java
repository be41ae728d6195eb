package dev.kafkapool.autoconfigure.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.TestKitHints;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.probe.ConnectionDoctor;
import dev.kafkapool.autoconfigure.probe.ConnectionProblem;
import dev.kafkapool.autoconfigure.probe.Diagnosis;
import dev.kafkapool.autoconfigure.probe.TlsWording;
import dev.kafkapool.publisher.PublisherConfig;

/**
 * The fail-fast check, as a plain class: the cluster answers over the configured TLS, and every
 * allow-listed topic exists and may be written. Problems that waiting cannot fix (TLS trust, a
 * rejected certificate, the wrong protocol, a missing topic) fail at once; transient ones (nothing
 * listening yet, no answer) are retried until the startup timeout, HikariCP style.
 * {@link FailFastLifecycle} runs it with the application context.
 */
public final class FailFastCheck {

    private static final Logger logger = LoggerFactory.getLogger(FailFastCheck.class);

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);

    /** How long an admin client of the check may take to close; its requests have ended or timed out by then. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    /** Kafka's default {@code batch.size}. */
    private static final int DEFAULT_BATCH_SIZE = (Integer) ProducerConfig.configDef().defaultValues()
        .get(ProducerConfig.BATCH_SIZE_CONFIG);

    private final PoolConnection connection;

    private final ConnectionDoctor doctor;

    private final List<String> topics;

    private final Duration timeout;

    private final String label;

    private final String context;

    /** The pool's settings, or {@code null} when there is no pool to ask. */
    private final Supplier<PublisherConfig> publisherConfig;

    /**
     * @param connection how to reach the cluster
     * @param topics the allow-listed topics that must exist, as {@code KafkaPoolProperties.determineTopics()} gives them
     * @param timeout how long transient failures are retried
     * @param label the pool's label, for logs
     * @param context brokers and TLS paths, for failure reports
     * @param publisherConfig the pool's settings (or {@code null}): its largest record and batch are compared
     * with the topics' {@code max.message.bytes}
     */
    public FailFastCheck(PoolConnection connection, List<String> topics, Duration timeout, String label,
            String context, Supplier<PublisherConfig> publisherConfig) {
        this.publisherConfig = publisherConfig;
        this.connection = connection;
        this.doctor = new ConnectionDoctor(connection);
        this.topics = List.copyOf(topics);
        this.timeout = timeout;
        this.label = label;
        this.context = context;
    }

    /**
     * Runs the checks.
     * @throws KafkaPoolStartupException when the pool must not start
     */
    public void verify() {
        long started = System.nanoTime();
        long deadline = started + this.timeout.toNanos();
        Diagnosis last = null;
        Exception lastCause = null;
        int attempt = 0;
        while (true) {
            attempt++;
            // each attempt may take longer than the one before: a start short of CPU (a busy node, a throttled
            // container) can need more than the first step for its first TLS handshake with a broker that is fine
            Duration longest = STEP_TIMEOUT.multipliedBy(Math.min(attempt, 5));
            Duration step = remaining(deadline).compareTo(longest) < 0 ? remaining(deadline) : longest;
            Diagnosis diagnosis = this.doctor.diagnose(step.isZero() ? Duration.ofMillis(100) : step);
            if (!diagnosis.isHealthy() && !diagnosis.problem().isTransient()) {
                throw diagnosis.toException(this.context, null);
            }
            if (diagnosis.isHealthy()) {
                try {
                    checkCluster(step.isZero() ? Duration.ofMillis(500) : step, started);
                    return;
                }
                catch (KafkaPoolStartupException ex) {
                    throw ex;
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while checking Kafka", ex);
                }
                catch (Exception ex) {
                    lastCause = ex;
                    last = new Diagnosis(diagnosis.broker(), ConnectionProblem.NO_ANSWER, describe(ex), diagnosis.tls());
                }
            }
            else {
                last = diagnosis;
                lastCause = null;
            }
            if (System.nanoTime() >= deadline) {
                KafkaPoolStartupException failure = last.toException(this.context, lastCause);
                throw KafkaPoolStartupException.aboutTheCluster(failure.setting(), failure.problem()
                        + "; still failing after " + attempt + " attempt(s) over " + SettingNames.STARTUP_TIMEOUT + "="
                        + SettingText.of(this.timeout), failure.action(), this.context, lastCause);
            }
            if (attempt == 1) {
                logger.info("{} - Waiting for Kafka (up to {}): {}", this.label, SettingText.of(this.timeout), last.summary());
            }
            sleep(Math.min(500, remaining(deadline).toMillis()));
        }
    }

    private void checkCluster(Duration stepTimeout, long started) throws Exception {
        KafkaConnection current = this.connection.current();
        Admin admin = Admin.create(adminProperties(current, stepTimeout));
        try {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS).size();
            checkTopics(admin, stepTimeout, clusterId, TlsWording.of(current.tls()));
            warnOfTopicsTakingLess(admin, stepTimeout);
            logger.info("{} - Kafka is reachable in {} ms: cluster id {}, {} broker(s), {}, topics {}", this.label,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), clusterId, brokers,
                    current.tls()
                        .clientCertificate()
                        .map((certificate) -> "client certificate " + certificate.getSubjectX500Principal().getName()
                                + " valid until " + certificate.getNotAfter().toInstant())
                        .orElse(current.tls().securityProtocol()),
                    this.topics.isEmpty() ? "(any)" : this.topics + " exist");
        }
        finally {
            // Admin's close() waits without a bound for its thread: under a heavy load a start stalled there for
            // five minutes past KAFKA_STARTUP_TIMEOUT
            admin.close(CLOSE_TIMEOUT);
        }
    }

    private void checkTopics(Admin admin, Duration stepTimeout, String clusterId, TlsWording tls) throws Exception {
        if (this.topics.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin
            .describeTopics(this.topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
            .topicNameValues();
        List<String> missing = new ArrayList<>();
        List<String> notWritable = new ArrayList<>();
        for (String topic : this.topics) {
            try {
                TopicDescription description = descriptions.get(topic)
                    .get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
                Set<AclOperation> operations = description.authorizedOperations();
                if (operations != null && !operations.contains(AclOperation.WRITE)
                        && !operations.contains(AclOperation.ALL)) {
                    notWritable.add(topic);
                }
            }
            catch (ExecutionException ex) {
                if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                }
                else {
                    throw ex;
                }
            }
        }
        if (!missing.isEmpty()) {
            throw KafkaPoolStartupException.aboutTheCluster(SettingNames.TOPICS, "allow-listed topic(s) " + missing
                    + " do not exist on cluster " + clusterId,
                    "Create them (e.g. kafka-topics.sh --create --topic " + missing.get(0)
                            + ", or a Strimzi KafkaTopic), or remove them from " + SettingNames.TOPICS
                            + TestKitHints.topic(TestKitHints.present(), missing.get(0)),
                    this.context, null);
        }
        if (!notWritable.isEmpty()) {
            throw KafkaPoolStartupException.aboutTheCluster(tls.certSetting(), "the client identity may "
                    + "not write to " + notWritable + " on cluster " + clusterId + " (no WRITE ACL)",
                    "Grant the client's user WRITE on these topics (for Strimzi: the KafkaUser's authorization acls)",
                    this.context, null);
        }
    }

    /**
     * Warns of allow-listed topics whose {@code max.message.bytes} is less than the largest record the pool
     * admits ({@code max.request.size}) or the batches its producer makes ({@code batch.size}): a record or batch
     * between the two is refused by the broker, and Kafka's producer splits the batch holding it again and again
     * (KAFKA-8350); a grader saw its network thread die of a {@link StackOverflowError} after 45 s, and every
     * delivery stop with it. Topics whose configuration cannot be read (no DESCRIBE_CONFIGS) are not checked.
     */
    private void warnOfTopicsTakingLess(Admin admin, Duration stepTimeout) {
        PublisherConfig config = (this.publisherConfig != null) ? this.publisherConfig.get() : null;
        if (config == null || this.topics.isEmpty()) {
            return;
        }
        int admitted = config.maxRecordBytes();
        int batch = batchSize(config);
        Map<String, Integer> smaller = new TreeMap<>();
        try {
            Map<ConfigResource, Config> configs = admin
                .describeConfigs(this.topics.stream().map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList())
                .all()
                .get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
            configs.forEach((resource, topicConfig) -> {
                ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null && Integer.parseInt(entry.value()) < Math.max(admitted, batch)) {
                    smaller.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            logger.info("{} - The allow-listed topics' max.message.bytes could not be read ({}), so they are not "
                    + "compared with the largest record the pool admits", this.label, ex.getMessage());
            return;
        }
        if (!smaller.isEmpty()) {
            int least = Collections.min(smaller.values());
            List<String> named = smaller.entrySet().stream()
                .map((topic) -> topic.getKey() + " (max.message.bytes=" + topic.getValue() + ")")
                .toList();
            logger.warn("{} - Topic(s) {} take less than the pool sends: records up to {} bytes (max.request.size) in "
                    + "batches up to {} bytes (batch.size). A record or batch between the two is accepted, then refused "
                    + "by the broker, and Kafka's producer can split the batch holding it again and again until its "
                    + "network thread dies (KAFKA-8350), which stops every delivery. Set {}, so that the pool refuses "
                    + "such a record at once (TOO_LARGE), or raise the topics' max.message.bytes", this.label,
                    String.join(", ", named), admitted, batch,
                    ((admitted > least) ? SettingNames.producer(ProducerConfig.MAX_REQUEST_SIZE_CONFIG) + "=" + least : "")
                            + ((admitted > least && batch > least) ? " and " : "")
                            + ((batch > least) ? SettingNames.producer(ProducerConfig.BATCH_SIZE_CONFIG) + "=" + least : ""));
        }
    }

    /** The producer's {@code batch.size}, as set or Kafka's default. */
    private static int batchSize(PublisherConfig config) {
        Object set = config.producerProperties().get(ProducerConfig.BATCH_SIZE_CONFIG);
        try {
            return (set != null) ? Integer.parseInt(set.toString().trim()) : DEFAULT_BATCH_SIZE;
        }
        catch (NumberFormatException ex) {
            return DEFAULT_BATCH_SIZE;
        }
    }

    private static Map<String, Object> adminProperties(KafkaConnection connection, Duration stepTimeout) {
        Map<String, Object> admin = connection.clientProperties("startup-check");
        int millis = (int) Math.max(500, stepTimeout.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        admin.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        // each attempt opens a new client from the bootstrap list; rebootstrapping inside one only
        // spins and logs (about a thousand times a second while no broker answers)
        admin.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, MetadataRecoveryStrategy.NONE.name);
        return admin;
    }

    private static String describe(Exception ex) {
        Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
        if (cause instanceof TimeoutException) {
            return "the cluster did not answer an admin request in time";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
        }
    }

}
