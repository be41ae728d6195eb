package dev.kafkapool.publisher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a message is written into the journal and read back: a version byte, the sensitive flag,
 * the topic, the key and value (length -1 for null), then each header's name and value. A header
 * name's length takes two bytes (version 1), or four (version 2) in a record with a name of 64 KiB
 * or more, which two bytes cut: every other record stays readable by the releases before version 2.
 */
final class JournalCodec {

    private static final byte VERSION = 2;

    /** Header names' lengths in two bytes. */
    private static final byte VERSION_SHORT_NAMES = 1;

    private static final byte SENSITIVE = 1;

    private JournalCodec() {
    }

    /** Bytes {@link #encode} writes for {@code message}, with its header names in {@code names}. */
    static int size(KafkaMessage message, byte[][] names) {
        long size = 2L + 2 + message.topic().length() + field(message.key()) + field(message.value()) + 4;
        List<KafkaMessage.Header> headers = message.headers();
        for (int i = 0; i < headers.size(); i++) {
            names[i] = headers.get(i).name().getBytes(StandardCharsets.UTF_8);
            size += names[i].length + field(headers.get(i).value());
        }
        size += (long) headers.size() * nameLengthBytes(names);
        // more than an int counts: the journal refuses it as larger than a segment, never as a negative size
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Bytes of each header name's length: four when a name needs them, else two. */
    private static int nameLengthBytes(byte[][] names) {
        for (byte[] name : names) {
            if (name.length > 0xFFFF) {
                return 4;
            }
        }
        return 2;
    }

    private static final byte[][] NO_NAMES = new byte[0][];

    /** Room for the header names, UTF-8, that {@link #size} measures. */
    static byte[][] names(KafkaMessage message) {
        int headers = message.headers().size();
        return (headers == 0) ? NO_NAMES : new byte[headers][];
    }

    static void encode(KafkaMessage message, byte[][] names, ByteBuffer target) {
        boolean wide = nameLengthBytes(names) == 4;
        target.put(wide ? VERSION : VERSION_SHORT_NAMES).put(message.isSensitive() ? SENSITIVE : 0);
        String topic = message.topic();
        target.putShort((short) topic.length());
        for (int i = 0; i < topic.length(); i++) {
            // legal topic names are ASCII
            target.put((byte) topic.charAt(i));
        }
        put(target, message.key());
        put(target, message.value());
        List<KafkaMessage.Header> headers = message.headers();
        target.putInt(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            if (wide) {
                target.putInt(names[i].length);
            }
            else {
                target.putShort((short) names[i].length);
            }
            target.put(names[i]);
            put(target, headers.get(i).value());
        }
    }

    static KafkaMessage decode(ByteBuffer source) {
        ByteBuffer in = source.duplicate();
        byte version = in.get();
        if (version != VERSION && version != VERSION_SHORT_NAMES) {
            throw new IllegalStateException("journal record of unknown version " + version);
        }
        boolean sensitive = in.get() == SENSITIVE;
        byte[] topic = new byte[in.getShort()];
        in.get(topic);
        KafkaMessage.Builder builder = KafkaMessage.builder(new String(topic, StandardCharsets.US_ASCII))
            .key(get(in))
            .value(get(in))
            .sensitive(sensitive);
        int headers = in.getInt();
        for (int i = 0; i < headers; i++) {
            byte[] name = new byte[(version == VERSION) ? in.getInt() : in.getShort() & 0xFFFF];
            in.get(name);
            // as admitted: a journal written before the id header was reserved may hold one
            builder.restoredHeader(new String(name, StandardCharsets.UTF_8), get(in));
        }
        return builder.build();
    }

    /** Only the topic and key, for keeping a record's per-key order without reading the rest; {@code null} without a key. */
    static OrderKey orderKey(ByteBuffer source) {
        ByteBuffer in = source.duplicate();
        in.position(2);
        byte[] topic = new byte[in.getShort()];
        in.get(topic);
        return OrderKey.of(new String(topic, StandardCharsets.US_ASCII), get(in));
    }

    /** Only the topic. */
    static String topic(ByteBuffer source) {
        ByteBuffer in = source.duplicate();
        in.position(2);
        byte[] topic = new byte[in.getShort()];
        in.get(topic);
        return new String(topic, StandardCharsets.US_ASCII);
    }

    /** Only the key, for routing a replayed record to its lane without reading the rest. */
    static byte[] key(ByteBuffer source) {
        ByteBuffer in = source.duplicate();
        in.position(2);
        in.position(in.position() + 2 + (in.getShort() & 0xFFFF));
        return get(in);
    }

    private static long field(byte[] bytes) {
        return 4L + ((bytes != null) ? bytes.length : 0);
    }

    private static void put(ByteBuffer target, byte[] bytes) {
        if (bytes == null) {
            target.putInt(-1);
        }
        else {
            target.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] get(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

}
