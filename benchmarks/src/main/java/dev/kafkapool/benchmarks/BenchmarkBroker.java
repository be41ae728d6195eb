package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

import dev.kafkapool.publisher.ConnectionProperties;
import dev.kafkapool.testsupport.broker.KafkaCluster;

/**
 * The one mTLS broker (Kafka 4.2.1, KRaft, {@code ssl.client.auth=required}) every part measures
 * against, and the producer settings both sides of every comparison use.
 */
public final class BenchmarkBroker implements AutoCloseable {

    /** Broker JVM: G1 and a 1 GiB heap, as Kafka's own start scripts use. */
    public static final List<String> BROKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    /**
     * Producer settings of every measured client, pool and baseline alike: the pool's own
     * requirements (acks=all, idempotence) and Kafka 4's defaults for batching, written out.
     */
    public static final Map<String, String> PRODUCER_SETTINGS = Map.of(ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "16384", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");

    private final KafkaCluster cluster;

    private final Path producerProperties;

    private BenchmarkBroker(KafkaCluster cluster, Path directory) {
        this.cluster = cluster;
        this.producerProperties = directory.resolve("producer.properties");
        Map<String, String> all = new TreeMap<>();
        cluster.clientProperties().forEach((name, value) -> all.put(name, String.valueOf(value)));
        all.putAll(PRODUCER_SETTINGS);
        store(all, this.producerProperties);
    }

    public static BenchmarkBroker start(Path directory) {
        return new BenchmarkBroker(KafkaCluster.builder().jvmOptions(BROKER_JVM).start(), directory);
    }

    public KafkaCluster cluster() {
        return this.cluster;
    }

    /** Bootstrap, mTLS (PEM files) and {@link #PRODUCER_SETTINGS}, as a properties file. */
    public Path producerProperties() {
        return this.producerProperties;
    }

    /** Creates {@code topic} unless it exists (parts share the broker). */
    public void createTopic(String topic, int partitions) {
        this.cluster.ensureTopic(topic, partitions, Map.of());
    }

    /** Records in {@code topic}: the sum of its partitions' end offsets (no transactions, no deletes). */
    public long endOffsetSum(String topic) {
        try (Admin admin = this.cluster.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            description.partitions().forEach((p) -> request.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong((info) -> info.offset())
                .sum();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not read the end offsets of " + topic, ex);
        }
    }

    public void stopBroker() {
        this.cluster.broker(1).stop();
    }

    public void restartBroker() {
        this.cluster.broker(1).restart();
        this.cluster.awaitBrokersRegistered(1, Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        this.cluster.close();
    }

    /** The connection part of {@code properties} (bootstrap, security protocol, TLS), for a pool's {@code connection}. */
    public static ConnectionProperties connection(Map<String, Object> properties) {
        Map<String, Object> connection = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (isConnection(name)) {
                connection.put(name, value);
            }
        });
        return ConnectionProperties.of(connection, "benchmark broker");
    }

    /** The producer settings of {@code properties}, without the connection: a pool's {@code producerProperties}. */
    public static Map<String, Object> producerOnly(Map<String, Object> properties) {
        Map<String, Object> producer = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (!isConnection(name)) {
                producer.put(name, value);
            }
        });
        return producer;
    }

    private static boolean isConnection(String name) {
        return name.equals("bootstrap.servers") || name.equals("security.protocol") || name.startsWith("ssl.");
    }

    /** Reads a properties file written by {@link #producerProperties()}. */
    public static Map<String, Object> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach((name) -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static void store(Map<String, String> values, Path file) {
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "kafka-pool benchmarks: bootstrap, mTLS, producer settings");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
