package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The records {@link KafkaCluster#read} read back from a topic, in the order they were read
 * (per partition, by offset), with what tests ask of them: keys, values, the one record, and a
 * comparison with the keys that were published.
 */
public final class ConsumedRecords implements Iterable<ConsumedRecord> {

    /** Keys named in a failure's message at most; the rest are counted. */
    private static final int KEYS_SHOWN = 20;

    private final List<ConsumedRecord> records;

    /** What was read, for failure messages: the topic and what the read asked for. */
    private final String source;

    ConsumedRecords(List<ConsumedRecord> records) {
        this(records, "the records read");
    }

    ConsumedRecords(List<ConsumedRecord> records, String source) {
        this.records = List.copyOf(records);
        this.source = source;
    }

    /** Records read from {@code topic} by a read that asked for {@code expected} within {@code timeout}. */
    static ConsumedRecords read(List<ConsumedRecord> records, String topic, int expected, Duration timeout) {
        String outcome = (records.size() < expected) ? "only " + records.size() + " arrived" : records.size() + " read";
        return new ConsumedRecords(records, "topic '" + topic + "' (asked for " + expected + " within " + timeout
                .toString().substring(2).toLowerCase(Locale.ROOT) + ": " + outcome + ")");
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

    /**
     * The only record with {@code key} ({@code null}: the only record without a key); fails when there is none or
     * more than one, naming the keys read.
     */
    public ConsumedRecord withKey(String key) {
        List<ConsumedRecord> matching = this.records.stream().filter((record) -> java.util.Objects.equals(key, record.key())).toList();
        if (matching.size() != 1) {
            throw new AssertionError("Expected one record with key '" + key + "' in " + this.source + " but read "
                    + matching.size() + " among " + size() + "; keys read: " + shown(keys().stream()));
        }
        return matching.get(0);
    }

    /** The only record read; fails when none or several were read. */
    public ConsumedRecord single() {
        if (this.records.size() != 1) {
            throw new AssertionError("Expected one record in " + this.source + " but read " + size() + ": "
                    + shown(this.records.stream()));
        }
        return this.records.get(0);
    }

    /** Compares the keys read with the keys {@code expected}: duplicates, unexpected, missing. */
    public KeyComparison compareKeys(Collection<String> expected) {
        Set<String> wanted = new HashSet<>(expected);
        Map<String, Integer> counts = counts();
        int duplicated = (int) counts.values().stream().filter((count) -> count > 1).count();
        int unexpected = (int) counts.keySet().stream().filter((key) -> !wanted.contains(key)).count();
        int missing = (int) wanted.stream().filter((key) -> !counts.containsKey(key)).count();
        return new KeyComparison(size(), counts.size(), duplicated, unexpected, missing);
    }

    /**
     * Fails unless every key of {@code expected} was read exactly once and nothing else was, naming
     * the topic and the keys missing, duplicated and unexpected.
     * @return these records, for further assertions
     */
    public ConsumedRecords assertExactlyOnce(Collection<String> expected) {
        if (compareKeys(expected).exactlyOnce()) {
            return this;
        }
        Set<String> wanted = new HashSet<>(expected);
        Map<String, Integer> counts = counts();
        throw new AssertionError("Expected each of " + wanted.size() + " keys exactly once in " + this.source
                + "; missing: " + shown(wanted.stream().filter((key) -> !counts.containsKey(key)).sorted())
                + "; duplicated: " + shown(counts.entrySet().stream().filter((entry) -> entry.getValue() > 1)
                    .sorted(Map.Entry.comparingByKey(Comparator.nullsFirst(Comparator.naturalOrder())))
                    .map((entry) -> entry.getKey() + " ×" + entry.getValue()))
                + "; unexpected: " + shown(counts.keySet().stream().filter((key) -> !wanted.contains(key))
                    .sorted(Comparator.nullsFirst(Comparator.naturalOrder()))));
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        this.records.forEach((record) -> counts.merge(record.key(), 1, Integer::sum));
        return counts;
    }

    /** The first {@link #KEYS_SHOWN} items, and how many more there are. */
    private static String shown(Stream<?> items) {
        List<String> all = items.map(String::valueOf).toList();
        String first = all.stream().limit(KEYS_SHOWN).collect(Collectors.joining(", ", "[", "]"));
        return (all.size() > KEYS_SHOWN) ? first + " and " + (all.size() - KEYS_SHOWN) + " more" : first;
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
