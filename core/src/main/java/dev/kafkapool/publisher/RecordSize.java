package dev.kafkapool.publisher;

import java.util.List;

/**
 * The size the Kafka producer checks a record against ({@code max.request.size} and
 * {@code buffer.memory}): the upper bound of a batch holding only this record, in Kafka's
 * record format v2. Computed the way the producer computes it, so that a message admitted by the
 * pool is never refused by the producer as too large, and one the producer would refuse is
 * refused at admission instead: the batch header (61 bytes), the record's largest fixed overhead
 * (21 bytes), and the key, value and each header with their varint lengths, header names in
 * UTF-8.
 */
final class RecordSize {

    /** Record batch header of format v2. */
    static final int BATCH_OVERHEAD = 61;

    /** A record's length, attributes, timestamp delta and offset delta at their largest. */
    static final int RECORD_OVERHEAD = 21;

    /** A null key, value or header value is written as the varint -1: one byte. */
    private static final int NULL_LENGTH = 1;

    private RecordSize() {
    }

    static int upperBound(KafkaMessage message) {
        return (int) Math.min(Integer.MAX_VALUE, upperBound(message, false));
    }

    /**
     * The bound with the journal's id header added after the message's own, when {@code withIdHeader}:
     * its bytes, and the header count one higher (whose varint takes a byte more at 64 headers).
     */
    static long upperBound(KafkaMessage message, boolean withIdHeader) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD + field(message.key()) + field(message.value());
        List<KafkaMessage.Header> headers = message.headers();
        size += varintSize(headers.size() + (withIdHeader ? 1 : 0))
                + (withIdHeader ? JournaledMessage.ID_HEADER_BYTES : 0);
        for (int i = 0; i < headers.size(); i++) {
            KafkaMessage.Header header = headers.get(i);
            int nameBytes = utf8Length(header.name());
            size += varintSize(nameBytes) + nameBytes + field(header.value());
        }
        return size;
    }

    private static long field(byte[] bytes) {
        return (bytes != null) ? varintSize(bytes.length) + (long) bytes.length : NULL_LENGTH;
    }

    /** Bytes of a zig-zag varint, as Kafka writes record lengths. */
    static int varintSize(int value) {
        int zigZag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigZag & 0xffffff80) != 0) {
            bytes++;
            zigZag >>>= 7;
        }
        return bytes;
    }

    /**
     * Bytes of {@code text} in UTF-8, counted as the producer counts them when it checks a record's
     * size: a high surrogate and the char after it are 4 bytes, any other char above U+07FF 3.
     */
    static int utf8Length(String text) {
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            }
            else {
                bytes += 3;
            }
        }
        return bytes;
    }

}
