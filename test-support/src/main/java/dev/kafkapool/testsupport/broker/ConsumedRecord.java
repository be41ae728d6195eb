package dev.kafkapool.testsupport.broker;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record read back from a topic, with its key, value and headers as UTF-8 strings.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset in its partition
 * @param key the key, or {@code null}
 * @param value the value, or {@code null} for a tombstone
 * @param headers header names and values in the record's order; the last value of a repeated
 * name; a {@code null} value stays {@code null}
 */
public record ConsumedRecord(String topic, int partition, long offset, String key, String value,
        Map<String, String> headers) {

    /** A record from what a Kafka consumer returned. */
    static ConsumedRecord of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return new ConsumedRecord(record.topic(), record.partition(), record.offset(), record.key(),
                text(record.value()), Collections.unmodifiableMap(headers));
    }

    /** The value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return this.headers.get(name);
    }

    private static String text(byte[] bytes) {
        return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

}
