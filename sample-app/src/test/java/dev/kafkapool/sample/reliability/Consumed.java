package dev.kafkapool.sample.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.kafkapool.testsupport.broker.KafkaCluster;

/** What arrived in a topic, counted by record key: how many unique, duplicated, unexpected, missing. */
record Consumed(int total, int unique, int duplicated, int unexpected, int missing) {

    static Consumed compare(KafkaCluster cluster, String topic, Set<String> expected, Duration timeout) {
        List<ConsumerRecord<String, String>> records = cluster.consume(topic, expected.size(), timeout);
        Map<String, Integer> counts = new HashMap<>();
        records.forEach((record) -> counts.merge(record.key(), 1, Integer::sum));
        int duplicated = (int) counts.values().stream().filter((count) -> count > 1).count();
        int unexpected = (int) counts.keySet().stream().filter((key) -> !expected.contains(key)).count();
        int missing = (int) expected.stream().filter((key) -> !counts.containsKey(key)).count();
        return new Consumed(records.size(), counts.size(), duplicated, unexpected, missing);
    }

}
