package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic with an assigned consumer (no group, nothing committed): from the beginning
 * of every partition until enough records arrived or the time is up, then a little longer so that
 * duplicates show.
 */
final class TopicReader {

    private static final Duration LINGER = Duration.ofMillis(500);

    /** The least time a read gives the cluster to say which partitions the topic has. */
    private static final Duration METADATA_FLOOR = Duration.ofSeconds(10);

    private static final Logger logger = LoggerFactory.getLogger(TopicReader.class);

    private TopicReader() {
    }

    static <V> List<ConsumerRecord<String, V>> read(Map<String, Object> clientProperties, String topic, int expected,
            Duration timeout, Deserializer<V> valueDeserializer) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                valueDeserializer)) {
            List<TopicPartition> partitions;
            try {
                // the caller's time, or METADATA_FLOOR when that is shorter (a first mTLS metadata fetch takes a
                // second on a busy host, and an emptiness check must not pass without having read): a stopped or
                // frozen cluster is then a read that returns what arrived, nothing (it waited 30 s and threw)
                partitions = consumer.partitionsFor(topic, max(timeout, METADATA_FLOOR))
                    .stream()
                    .map((info) -> new TopicPartition(topic, info.partition()))
                    .toList();
            }
            catch (TimeoutException ex) {
                logger.warn("Reading topic {}: the cluster did not answer within {} (a broker stopped or frozen?); "
                        + "nothing was read", topic, max(timeout, METADATA_FLOOR));
                return records;
            }
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("Topic '" + topic + "' does not exist in the cluster: declare it "
                        + "(@KafkaTopic(\"" + topic + "\") on @EmbeddedKafkaCluster) or create it "
                        + "(KafkaCluster.createTopic) before reading it");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long linger = System.nanoTime() + LINGER.toNanos();
            while (System.nanoTime() < linger) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static Duration max(Duration a, Duration b) {
        return (a.compareTo(b) >= 0) ? a : b;
    }

}
