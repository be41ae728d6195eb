package dev.kafkapool.testsupport.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The consumer helper's view of what was read: text, headers, the one record, and key counts. */
class ConsumedRecordsTests {

    @Test
    void keysValuesAndHeadersAreUtf8TextAndARepeatedHeaderKeepsItsLastValue() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("type", bytes("first"));
        headers.add("type", bytes("Grüße"));
        headers.add("empty", null);

        ConsumedRecord record = ConsumedRecord.of(new ConsumerRecord<>("t", 2, 7L, 0L, TimestampType.CREATE_TIME, 0, 0,
                "k", bytes("{\"a\":\"é\"}"), headers, java.util.Optional.empty()));

        assertThat(record.topic()).isEqualTo("t");
        assertThat(record.partition()).isEqualTo(2);
        assertThat(record.offset()).isEqualTo(7L);
        assertThat(record.key()).isEqualTo("k");
        assertThat(record.value()).isEqualTo("{\"a\":\"é\"}");
        assertThat(record.header("type")).isEqualTo("Grüße");
        assertThat(record.headers()).containsOnlyKeys("type", "empty").containsEntry("empty", null);
    }

    @Test
    void aComparisonCountsDuplicatedUnexpectedAndMissingKeys() {
        ConsumedRecords read = records("a", "b", "b", "x", null);

        KeyComparison comparison = read.compareKeys(List.of("a", "b", "c"));

        assertThat(comparison).isEqualTo(new KeyComparison(5, 4, 1, 2, 1));
        assertThat(comparison.exactlyOnce()).isFalse();
        assertThat(records("a", "b").compareKeys(List.of("b", "a")).exactlyOnce()).isTrue();
    }

    @Test
    void theOneRecordWithAKeyIsFoundAndAMissingOrRepeatedKeyFails() {
        ConsumedRecords read = records("a", "b", "b");

        assertThat(read.withKey("a").value()).isEqualTo("value-of-a");
        assertThat(read.keys()).containsExactly("a", "b", "b");
        assertThat(read.values()).containsExactly("value-of-a", "value-of-b", "value-of-b");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> read.withKey("b")).withMessageContaining("2");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> read.withKey("z")).withMessageContaining("0");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(read::single);
        assertThat(records("only").single().key()).isEqualTo("only");
    }

    @Test
    void theOneRecordWithoutAKeyIsFoundByANullKey() {
        // a NullPointerException, though a record's key may be null
        assertThat(records("a", null).withKey(null).value()).isEqualTo("value-of-null");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> records("a").withKey(null))
            .withMessageContaining("0");
    }

    @Test
    void aFailureNamesTheTopicWhatTheReadAskedForAndTheKeysRead() {
        // "Expected one record with key 'zzz' but read 0 among 2" named neither the topic nor the keys
        ConsumedRecords read = ConsumedRecords.read(records("a", "b").list(), "orders", 5, Duration.ofSeconds(30));

        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> read.withKey("zzz"))
            .withMessage("Expected one record with key 'zzz' in topic 'orders' (asked for 5 within 30s: only 2 arrived) "
                    + "but read 0 among 2; keys read: [a, b]");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(read::single)
            .withMessageStartingWith("Expected one record in topic 'orders' (asked for 5 within 30s: only 2 arrived) "
                    + "but read 2: [");
    }

    @Test
    void exactlyOnceFailsNamingTheKeysMissingDuplicatedAndUnexpected() {
        ConsumedRecords read = ConsumedRecords.read(records("a", "b", "b", "x", null).list(), "orders", 3,
                Duration.ofMillis(500));

        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> read.assertExactlyOnce(List.of("a", "b", "c")))
            .withMessage("Expected each of 3 keys exactly once in topic 'orders' (asked for 3 within 0.5s: 5 read); "
                    + "missing: [c]; duplicated: [b ×2]; unexpected: [null, x]");
        assertThat(records("a", "b").assertExactlyOnce(List.of("b", "a")).size()).isEqualTo(2);
    }

    @Test
    void aLongListOfKeysIsCutAfterTwentyWithACount() {
        ConsumedRecords read = records(java.util.stream.IntStream.range(0, 25).mapToObj((i) -> "k" + i)
            .toArray(String[]::new));

        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> read.withKey("zzz"))
            .withMessageEndingWith("k18, k19] and 5 more");
    }

    private static ConsumedRecords records(String... keys) {
        return new ConsumedRecords(Arrays.stream(keys)
            .map((key) -> new ConsumedRecord("t", 0, 0, key, "value-of-" + key, Map.of()))
            .toList());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
