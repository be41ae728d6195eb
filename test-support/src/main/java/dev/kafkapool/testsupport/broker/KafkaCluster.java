package dev.kafkapool.testsupport.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.testsupport.TemporaryDirectories;
import dev.kafkapool.testsupport.process.FreePorts;
import dev.kafkapool.testsupport.pki.TestPki;

/**
 * Real Apache Kafka brokers for tests: one broker, or up to three (three give replication
 * factor 3, {@code min.insync.replicas=2}), each a KRaft combined broker and controller in a child JVM on
 * free loopback ports, serving clients over mTLS ({@code ssl.client.auth=required}) or, for
 * negative tests, PLAINTEXT.
 *
 * <p>Brokers are killed and their directories removed by {@link #close()}, and by a JVM
 * shutdown hook when a test run ends any other way.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(KafkaCluster.class);

    /** How many times a cluster whose broker found its port taken is started, on new ports each time. */
    private static final int START_ATTEMPTS = 3;

    /** What a broker that could not bind its port says as it exits (java.net.BindException). */
    private static final String PORT_TAKEN = "Address already in use";

    /** Where the brokers' ports come from; a test takes one first to see a start on a taken port. */
    static volatile IntSupplier portSource = FreePorts::next;

    /**
     * System property that sets how long a broker may take to start ({@value #START_TIMEOUT_PROPERTY}=180 for
     * seconds, or a duration such as 3m or PT3M); 120 s by default. A busy build host (a load average of 35)
     * took longer than the 60 s this used to be.
     */
    public static final String START_TIMEOUT_PROPERTY = "kafkapool.testkit.broker-start-timeout";

    /** How long a broker may take to start now: {@value #START_TIMEOUT_PROPERTY}, read at each start. */
    static Duration startTimeout() {
        return startTimeout(System.getProperty(START_TIMEOUT_PROPERTY));
    }

    /**
     * The start timeout {@code text} gives ({@code null} or blank: 120 s).
     * @throws IllegalArgumentException for a value that is not a duration above zero
     */
    static Duration startTimeout(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofSeconds(120);
        }
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        Duration timeout;
        try {
            if (value.startsWith("pt")) {
                timeout = Duration.parse(value);
            }
            else if (value.endsWith("ms")) {
                timeout = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            else if (value.endsWith("h")) {
                timeout = Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            else if (value.endsWith("m")) {
                timeout = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            else {
                timeout = Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
            }
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("-D" + START_TIMEOUT_PROPERTY + "=" + text + " is not a duration: give "
                    + "seconds (180), or 3m, 180s, 1h or PT3M", ex);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("-D" + START_TIMEOUT_PROPERTY + "=" + text + " leaves a broker no time to "
                    + "start: give more than zero, e.g. 180");
        }
        return timeout;
    }

    private static final Set<KafkaCluster> RUNNING = Collections.synchronizedSet(new LinkedHashSet<>());

    private static volatile KafkaCluster shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<KafkaCluster> clusters;
            synchronized (RUNNING) {
                clusters = new ArrayList<>(RUNNING);
            }
            clusters.forEach(KafkaCluster::stopAndDelete);
        }, "kafka-cluster-cleanup"));
    }

    private final TestPki pki;

    private final ListenerSecurity security;

    private final List<KafkaBroker> brokers;

    private final Path directory;

    private KafkaCluster(Builder builder) {
        this.pki = (builder.pki != null) ? builder.pki : TestPki.shared();
        this.security = builder.security;
        this.directory = TemporaryDirectories.create("kafka-pool-cluster-");
        String clusterId = Uuid.randomUuid().toString();
        int size = builder.size;
        int[] distinct = distinctPorts(2 * size);
        List<int[]> ports = IntStream.range(0, size)
            .mapToObj((i) -> new int[] { distinct[2 * i], distinct[2 * i + 1] })
            .toList();
        String voters = IntStream.range(0, size)
            .mapToObj((i) -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
            .collect(Collectors.joining(","));
        List<KafkaBroker> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int nodeId = i + 1;
            String config = BrokerConfig.render(nodeId, ports.get(i)[0], ports.get(i)[1], voters, size, this.security,
                    builder.autoCreateTopics, this.directory.resolve("broker-" + nodeId), this.pki);
            nodes.add(new KafkaBroker(nodeId, ports.get(i)[0], this.directory.resolve("broker-" + nodeId), config,
                    clusterId, builder.jvmOptions));
        }
        this.brokers = List.copyOf(nodes);
    }

    /**
     * {@code count} different ports from {@link #portSource}: a port is free again once the probe's
     * socket closes, so two draws in a row can give the same one (1 in a few thousand pairs), and a
     * broker whose two listeners got one port failed its start with a Kafka config error that no retry
     * caught (a user's test, once).
     */
    static int[] distinctPorts(int count) {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        for (int draws = 0; ports.size() < count; draws++) {
            if (draws == 20 * count) {
                throw new IllegalStateException("No " + count + " different free loopback ports in " + draws + " tries");
            }
            ports.add(portSource.getAsInt());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A builder for a cluster of one SSL broker by default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One running mTLS broker shared by every test of this JVM that does not inject faults.
     * Started on first use, stopped at JVM exit ({@link #close()} does nothing on it). Tests must use
     * topics of their own.
     */
    public static KafkaCluster shared() {
        KafkaCluster cluster = shared;
        if (cluster == null) {
            synchronized (KafkaCluster.class) {
                cluster = shared;
                if (cluster == null) {
                    cluster = builder().start();
                    shared = cluster;
                }
            }
        }
        return cluster;
    }

    private KafkaCluster startAll() {
        RUNNING.add(this);
        long started = System.nanoTime();
        try {
            Duration timeout = startTimeout();
            this.brokers.forEach(KafkaBroker::launch);
            this.brokers.forEach((broker) -> broker.awaitStarted(timeout));
            awaitBrokersRegistered(this.brokers.size(), timeout);
            logger.info("Started {} {} broker(s) at {} in {} ms (directory {})", this.brokers.size(), this.security,
                    bootstrapServers(), Duration.ofNanos(System.nanoTime() - started).toMillis(), this.directory);
            return this;
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    /** The bootstrap list of every broker, {@code localhost:port,...}. */
    public String bootstrapServers() {
        return this.brokers.stream().map(KafkaBroker::address).collect(Collectors.joining(","));
    }

    /** The brokers, in node id order. */
    public List<KafkaBroker> brokers() {
        return this.brokers;
    }

    /** The broker with {@code node.id} {@code nodeId} (from 1). */
    public KafkaBroker broker(int nodeId) {
        if (nodeId < 1 || nodeId > this.brokers.size()) {
            throw new IllegalArgumentException("There is no broker " + nodeId + ": the cluster has "
                    + this.brokers.size() + " broker(s), node ids 1 to " + this.brokers.size()
                    + " (@EmbeddedKafkaCluster(brokers = ...) or KafkaCluster.builder().brokers(...) sets how many)");
        }
        return this.brokers.get(nodeId - 1);
    }

    /**
     * Resumes every broker a test froze and left frozen; the test kit calls it after each test,
     * so that a test failing between {@code freeze()} and {@code resume()} leaves no hung broker
     * to the next test or to the application's shutdown.
     * @return how many were frozen
     */
    public int resumeFrozenBrokers() {
        return resumeWhere(KafkaBroker::isFrozen);
    }

    /**
     * Resumes the brokers {@code thread} froze and left frozen: what the test kit does after each
     * test when JUnit runs tests concurrently, so that it leaves alone a broker another test still
     * holds frozen. A broker frozen from another thread of the test (an executor's) stays frozen
     * until {@link #resumeFrozenBrokers()}.
     * @return how many were frozen
     */
    public int resumeBrokersFrozenBy(Thread thread) {
        return resumeWhere((broker) -> broker.isFrozenBy(thread));
    }

    /**
     * Starts again, each on its port and log directory, the brokers that were stopped or killed and
     * not restarted: what the test kit does after each test on a shared cluster (run one test at a
     * time), whose next users expect every broker to serve them.
     * @return the node ids of the brokers started again, in order
     */
    public List<Integer> restartStoppedBrokers() {
        return restartWhere((broker) -> !broker.isRunning());
    }

    /**
     * Starts again the brokers a {@link KafkaBroker#stop()} or {@link KafkaBroker#kill()} on
     * {@code thread} ended: what the test kit does after each test on a shared cluster when JUnit runs
     * tests concurrently, so that it leaves alone a broker another test has just stopped.
     * @return the node ids of the brokers started again, in order
     */
    public List<Integer> restartBrokersStoppedBy(Thread thread) {
        return restartWhere((broker) -> broker.isStoppedBy(thread));
    }

    private List<Integer> restartWhere(Predicate<KafkaBroker> stopped) {
        List<KafkaBroker> restarted = this.brokers.stream().filter(stopped).toList();
        // all launched before any is waited for: a broker of a cluster whose brokers are all down cannot serve
        // until a majority of the controller quorum is back
        Duration timeout = startTimeout();
        restarted.forEach(KafkaBroker::relaunch);
        try {
            restarted.forEach((broker) -> broker.awaitStarted(timeout));
        }
        catch (RuntimeException ex) {
            // the others, launched with it, must not come up later than the caller was told they did not
            restarted.stream().filter(KafkaBroker::isRunning).forEach(KafkaBroker::kill);
            throw ex;
        }
        return restarted.stream().map(KafkaBroker::nodeId).toList();
    }

    private int resumeWhere(Predicate<KafkaBroker> frozen) {
        int resumed = 0;
        for (KafkaBroker broker : this.brokers) {
            if (frozen.test(broker)) {
                broker.resume();
                resumed++;
            }
        }
        return resumed;
    }

    /** The PKI whose CA signed the brokers. */
    public TestPki pki() {
        return this.pki;
    }

    /** Security protocol of the client listener. */
    public ListenerSecurity security() {
        return this.security;
    }

    /**
     * Properties for a plain Kafka client of this cluster: bootstrap servers and, for SSL, the
     * good client identity of {@link #pki()} as PEM files.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, this.security.name());
        if (this.security == ListenerSecurity.SSL) {
            properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, this.pki.clientKeyStore().toString());
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, this.pki.caCertificate().toString());
        }
        return properties;
    }

    /** An admin client of this cluster; the caller closes it. */
    public Admin admin() {
        Map<String, Object> properties = clientProperties();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    /** Creates a topic replicated to every broker (at most three) and waits for it; fails if it exists. */
    public void createTopic(String name, int partitions) {
        createTopic(new NewTopic(name, partitions, replicas()), false);
    }

    /**
     * Creates a topic replicated to every broker (at most three) with topic-level {@code configs}
     * (such as {@code max.message.bytes}) unless it exists, and waits for it.
     */
    public void ensureTopic(String name, int partitions, Map<String, String> configs) {
        createTopic(new NewTopic(name, partitions, replicas()).configs(configs), true);
    }

    private short replicas() {
        return (short) Math.min(3, this.brokers.size());
    }

    private void createTopic(NewTopic topic, boolean existingIsFine) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
            catch (ExecutionException ex) {
                if (!(existingIsFine && ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
                warnIfDeclaredOtherwise(admin, topic);
            }
        }
        catch (ExecutionException ex) {
            // the broker's reason in the message (it exists, an invalid name, no partitions), not only in the cause
            Throwable reason = (ex.getCause() != null) ? ex.getCause() : ex;
            throw new IllegalStateException("Could not create topic " + topic.name() + ": " + reason.getMessage()
                    + ((reason instanceof TopicExistsException) ? " (ensureTopic keeps an existing one)" : ""), ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Could not create topic " + topic.name() + ": the cluster did not answer "
                    + "within 30 s (a broker stopped or frozen?)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * An existing topic is kept as it is; says so when it differs from {@code declared} (another
     * class of the test JVM declared it otherwise on a shared cluster), since which declaration
     * wins then depends on the order the classes run in.
     */
    private static void warnIfDeclaredOtherwise(Admin admin, NewTopic declared)
            throws ExecutionException, InterruptedException, TimeoutException {
        String name = declared.name();
        int partitions = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name)
            .partitions().size();
        List<String> differences = new java.util.ArrayList<>();
        if (partitions != declared.numPartitions()) {
            differences.add("partitions " + partitions + ", declared " + declared.numPartitions());
        }
        if (declared.configs() != null && !declared.configs().isEmpty()) {
            org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, name);
            org.apache.kafka.clients.admin.Config actual = admin.describeConfigs(List.of(resource)).all()
                .get(30, TimeUnit.SECONDS).get(resource);
            declared.configs().forEach((key, value) -> {
                org.apache.kafka.clients.admin.ConfigEntry entry = actual.get(key);
                String has = (entry != null) ? entry.value() : null;
                if (!value.equals(has)) {
                    differences.add(key + "=" + has + ", declared " + value);
                }
            });
        }
        if (!differences.isEmpty()) {
            logger.warn("Topic {} exists and is kept as it is: {}. On a shared cluster, a topic another test class "
                    + "declared first keeps that declaration; give each declaration a topic name of its own",
                    name, String.join("; ", differences));
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition until {@code expected} records
     * arrived or {@code timeout} passed, then reads a little longer so that extra records
     * (duplicates) are returned too: keys, values and headers as UTF-8 strings.
     * @throws IllegalArgumentException when the cluster does not have {@code topic}: declare it, or create it
     * first
     */
    public ConsumedRecords read(String topic, int expected, Duration timeout) {
        return ConsumedRecords.read(TopicReader.read(clientProperties(), topic, expected, timeout,
                new ByteArrayDeserializer())
            .stream()
            .map(ConsumedRecord::of)
            .toList(), topic, expected, timeout);
    }

    /**
     * As {@link #read(String, int, Duration)}, connecting with other TLS files than the PKI's good
     * client: after a rotation, say. {@code keyStore} holds a client key and certificate in one PEM
     * file ({@link TestPki#keyStoreOf}); {@code trustStore} the CA certificates to trust the brokers by.
     */
    public ConsumedRecords read(String topic, int expected, Duration timeout, Path keyStore, Path trustStore) {
        Map<String, Object> properties = clientProperties();
        properties.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keyStore.toString());
        properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString());
        return ConsumedRecords.read(TopicReader.read(properties, topic, expected, timeout, new ByteArrayDeserializer())
            .stream()
            .map(ConsumedRecord::of)
            .toList(), topic, expected, timeout);
    }

    /**
     * Reads {@code topic} as {@link #read(String, int, Duration)} does, returning the Kafka
     * consumer's records, keys and values as UTF-8 strings.
     */
    public List<ConsumerRecord<String, String>> consume(String topic, int expected, Duration timeout) {
        return TopicReader.read(clientProperties(), topic, expected, timeout, new StringDeserializer());
    }

    /** As {@link #consume(String, int, Duration)}, with values as bytes. */
    public List<ConsumerRecord<String, byte[]>> consumeBytes(String topic, int expected, Duration timeout) {
        return TopicReader.read(clientProperties(), topic, expected, timeout, new ByteArrayDeserializer());
    }

    /** Waits until {@code count} brokers are registered with the controller quorum. */
    public void awaitBrokersRegistered(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                }
                catch (ExecutionException | TimeoutException ex) {
                    last = ex;
                }
                Thread.sleep(100);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        throw new IllegalStateException(count + " brokers did not register within " + timeout, last);
    }

    /**
     * Kills every broker and removes their directories; on {@link #shared()}, does nothing but say so: the shared
     * cluster serves every later test of this JVM, and goes when the JVM exits.
     */
    @Override
    public void close() {
        if (this == shared) {
            // try (var cluster = KafkaCluster.shared()) stopped it for every test class after this one
            logger.warn("KafkaCluster.shared() stays up until the JVM exits, for every test that uses it: close() does "
                    + "nothing. Build a cluster of your own (KafkaCluster.builder().start()) to close it");
            return;
        }
        stopAndDelete();
    }

    private void stopAndDelete() {
        this.brokers.forEach(KafkaBroker::kill);
        TemporaryDirectories.delete(this.directory);
        RUNNING.remove(this);
    }

    /** Options of a cluster to start. */
    public static final class Builder {

        private int size = 1;

        private ListenerSecurity security = ListenerSecurity.SSL;

        private boolean autoCreateTopics;

        private TestPki pki;

        private List<String> jvmOptions = List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

        private Builder() {
        }

        /**
         * One to three brokers. Three give replication factor 3 with {@code min.insync.replicas=2},
         * so the cluster keeps serving with one broker down; two need both brokers.
         */
        public Builder brokers(int size) {
            if (size < 1 || size > 3) {
                throw new IllegalArgumentException("A cluster has 1 to 3 brokers, not " + size);
            }
            this.size = size;
            return this;
        }

        /** Security of the client listener; {@link ListenerSecurity#SSL} by default. */
        public Builder security(ListenerSecurity security) {
            this.security = security;
            return this;
        }

        /** Whether producing to an unknown topic creates it; {@code false} by default. */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /** The PKI to use; {@link TestPki#shared()} by default. */
        public Builder pki(TestPki pki) {
            this.pki = pki;
            return this;
        }

        /** JVM options of each broker, replacing the defaults. */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /**
         * Starts the brokers and waits until every one serves clients. A port is picked free and bound
         * by the broker's JVM seconds later: another process can take it meanwhile (a busy CI machine's
         * outgoing connections use the same range), and then the cluster is started again, up to
         * {@value #START_ATTEMPTS} times, on new ports.
         */
        public KafkaCluster start() {
            for (int attempt = 1; ; attempt++) {
                try {
                    return new KafkaCluster(this).startAll();
                }
                catch (IllegalStateException ex) {
                    if (attempt == START_ATTEMPTS || !String.valueOf(ex.getMessage()).contains(PORT_TAKEN)) {
                        throw ex;
                    }
                    logger.warn("A broker's port was taken by another process before the broker bound it; starting "
                            + "the cluster again on new ports (attempt {} of {})", attempt + 1, START_ATTEMPTS);
                }
            }
        }

    }

}
