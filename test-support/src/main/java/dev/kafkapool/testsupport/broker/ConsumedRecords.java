package dev.kafkapool.testsupport.broker;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records {@link KafkaCluster#read} read back from a topic, in the order they were read
 * (per partition, by offset), with what tests ask of them: keys, values, the one record, and a
 * comparison with the keys that were published.
 */
public final class ConsumedRecords implements Iterable<ConsumedRecord> {

    private final List<ConsumedRecord> records;

    ConsumedRecords(List<ConsumedRecord> records) {
        this.records = List.copyOf(records);
    }

    /** The records. */
    public List<ConsumedRecord> list() {
        return this.records;
    }

    /** How many records were read. */
    public int size() {
        return this.records.size();
    }

    /** Their keys, in order. */
    public List<String> keys() {
        return this.records.stream().map(ConsumedRecord::key).toList();
    }

    /** Their values, in order. */
    public List<String> values() {
        return this.records.stream().map(ConsumedRecord::value).toList();
    }

    /** The only record with {@code key}; fails when there is none or more than one. */
    public ConsumedRecord withKey(String key) {
        List<ConsumedRecord> matching = this.records.stream().filter((record) -> key.equals(record.key())).toList();
        if (matching.size() != 1) {
            throw new AssertionError("Expected one record with key '" + key + "' but read " + matching.size()
                    + " among " + size());
        }
        return matching.get(0);
    }

    /** The only record read; fails when none or several were read. */
    public ConsumedRecord single() {
        if (this.records.size() != 1) {
            throw new AssertionError("Expected one record but read " + size() + ": " + this.records);
        }
        return this.records.get(0);
    }

    /** Compares the keys read with the keys {@code expected}: duplicates, unexpected, missing. */
    public KeyComparison compareKeys(Collection<String> expected) {
        Set<String> wanted = new HashSet<>(expected);
        Map<String, Integer> counts = new HashMap<>();
        this.records.forEach((record) -> counts.merge(record.key(), 1, Integer::sum));
        int duplicated = (int) counts.values().stream().filter((count) -> count > 1).count();
        int unexpected = (int) counts.keySet().stream().filter((key) -> !wanted.contains(key)).count();
        int missing = (int) wanted.stream().filter((key) -> !counts.containsKey(key)).count();
        return new KeyComparison(size(), counts.size(), duplicated, unexpected, missing);
    }

    @Override
    public Iterator<ConsumedRecord> iterator() {
        return this.records.iterator();
    }

    @Override
    public String toString() {
        return this.records.toString();
    }

}
