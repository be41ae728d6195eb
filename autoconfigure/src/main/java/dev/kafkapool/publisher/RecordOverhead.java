package dev.kafkapool.publisher;

/**
 * Bytes Kafka adds around a record's key, value and headers in a produce request: the record
 * batch header (61 bytes) and the record's own varint fields. An upper bound, so a message that
 * passes admission is never refused by the producer as too large.
 */
final class RecordOverhead {

    static final int UPPER_BOUND = 61 + 32;

    private RecordOverhead() {
    }

}
