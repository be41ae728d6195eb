package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message to publish: topic, optional key, value, headers, and whether it is
 * {@linkplain #isSensitive() sensitive}.
 *
 * <p>A message is immutable once built; byte arrays handed to it are not copied and must not be
 * changed afterwards. {@link #toString()} never shows the value, and the pool never logs the
 * value of a sensitive message.
 */
public final class KafkaMessage {

    /**
     * Name of the header that carries a record's id when the pool journals it
     * ({@code KAFKA_JOURNAL_DIR}): 16 bytes, the same in every delivery of the record, for consumers
     * that drop the duplicates a crash can cause. The pool's own: {@link Builder#header} refuses it.
     */
    public static final String ID_HEADER = "kafka-pool-id";

    private final String topic;

    private final byte[] key;

    private final byte[] value;

    private final List<Header> headers;

    private final boolean sensitive;

    private KafkaMessage(String topic, byte[] key, byte[] value, List<Header> headers, boolean sensitive) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("A message needs a topic");
        }
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.sensitive = sensitive;
    }

    /** A message with a string key (may be {@code null}) and a UTF-8 string value. */
    public static KafkaMessage of(String topic, String key, String value) {
        return new KafkaMessage(topic, utf8(key), utf8(value), List.of(), false);
    }

    /** A message with a string key (may be {@code null}) and a binary value. */
    public static KafkaMessage of(String topic, String key, byte[] value) {
        return new KafkaMessage(topic, utf8(key), value, List.of(), false);
    }

    /** A builder holding this message's topic, key, value, headers and flag, to derive a copy. */
    public Builder toBuilder() {
        Builder builder = new Builder(this.topic).key(this.key).value(this.value).sensitive(this.sensitive);
        builder.headers.addAll(this.headers);
        return builder;
    }

    /** A builder for a message to {@code topic}. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** The topic the record goes to. */
    public String topic() {
        return this.topic;
    }

    /** The key bytes, or {@code null}. */
    public byte[] key() {
        return this.key;
    }

    /** The key decoded as UTF-8, or {@code null}. */
    public String keyAsString() {
        return (this.key != null) ? new String(this.key, StandardCharsets.UTF_8) : null;
    }

    /** The value bytes, or {@code null} (a tombstone). */
    public byte[] value() {
        return this.value;
    }

    /** The record's headers in the order given, unmodifiable; empty when there are none. */
    public List<Header> headers() {
        return this.headers;
    }

    /** Whether the value must never appear in a log line or an error message. */
    public boolean isSensitive() {
        return this.sensitive;
    }

    /**
     * Payload bytes: key, value, header names (in characters) and values; at most
     * {@link Integer#MAX_VALUE}. Computed on each call rather than kept in a field, which would
     * cost 8 bytes per queued message (BENCHMARKS.md, "Memory").
     */
    public int sizeInBytes() {
        return (int) Math.min(Integer.MAX_VALUE, payloadBytes());
    }

    /** {@link #sizeInBytes()} without its cap: a message may hold several arrays near 2 GiB. */
    long payloadBytes() {
        long size = (long) length(this.key) + length(this.value);
        List<Header> all = this.headers;
        for (int i = 0; i < all.size(); i++) {
            Header header = all.get(i);
            size += header.name().length() + length(header.value());
        }
        return size;
    }

    /** Describes the message without its value. */
    @Override
    public String toString() {
        return "KafkaMessage[topic=" + this.topic + ", key=" + LogSafe.text(keyAsString()) + ", valueBytes="
                + length(this.value) + ", headers=" + this.headers.size() + ", sensitive=" + this.sensitive + "]";
    }

    private static byte[] utf8(String text) {
        return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
    }

    private static int length(byte[] bytes) {
        return (bytes != null) ? bytes.length : 0;
    }

    /**
     * A record header. It is also Kafka's {@link org.apache.kafka.common.header.Header} (its
     * {@link #key()} is the name), so the producer takes it as it is: no header is copied into
     * another object on its way to Kafka.
     *
     * @param name the header name
     * @param value the header value, may be {@code null}
     */
    public record Header(String name, byte[] value) implements org.apache.kafka.common.header.Header {

        public Header {
            Objects.requireNonNull(name, "A header needs a name");
        }

        /** The header name, as Kafka's {@code Header} calls it; the same as {@link #name()}. */
        @Override
        public String key() {
            return this.name;
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

    /** Builds a {@link KafkaMessage}. */
    public static final class Builder {

        private final String topic;

        private byte[] key;

        private byte[] value;

        private final List<Header> headers = new ArrayList<>(2);

        private boolean sensitive;

        private Builder(String topic) {
            this.topic = topic;
        }

        /** The record key as UTF-8; {@code null} (the default) for none, which lets the pool spread records. */
        public Builder key(String key) {
            this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
            return this;
        }

        /** The record key's bytes, not copied; {@code null} (the default) for none. */
        public Builder key(byte[] key) {
            this.key = key;
            return this;
        }

        /** The record value as UTF-8; {@code null} (the default) for a record without a value. */
        public Builder value(String value) {
            this.value = (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null;
            return this;
        }

        /** The record value's bytes, not copied; {@code null} (the default) for none. */
        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        /**
         * Adds a header with its value as UTF-8 ({@code null} for a header without a value); see
         * {@link #header(String, byte[])}.
         */
        public Builder header(String name, String value) {
            return header(name, (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null);
        }

        /**
         * Adds a header; {@value KafkaMessage#ID_HEADER} is the pool's own and cannot be given. The name
         * must be well-formed UTF-16: Kafka writes it as UTF-8, which an unpaired surrogate has no form in.
         * @throws IllegalArgumentException for the name {@value KafkaMessage#ID_HEADER}, or a name with an
         * unpaired surrogate
         */
        public Builder header(String name, byte[] value) {
            if (ID_HEADER.equals(name)) {
                throw new IllegalArgumentException("The header " + ID_HEADER + " is set by the pool itself (the id "
                        + "of every journaled record, which consumers use to drop duplicates); a message cannot "
                        + "carry one of its own");
            }
            int unpaired = (name != null) ? Utf16.unpairedSurrogate(name) : -1;
            if (unpaired >= 0) {
                throw new IllegalArgumentException("A header name has an unpaired UTF-16 surrogate (U+"
                        + Integer.toHexString(name.charAt(unpaired)).toUpperCase(java.util.Locale.ROOT) + " at index "
                        + unpaired + " of " + name.length() + "), which has no UTF-8 form: Kafka would write the "
                        + "record at another length than it counted, and the broker would refuse its whole batch, "
                        + "records of other keys with it. Give a well-formed name (a surrogate pair is fine)");
            }
            return restoredHeader(name, value);
        }

        /** Adds a header as it was admitted before, without the check of {@link #header(String, byte[])}. */
        Builder restoredHeader(String name, byte[] value) {
            this.headers.add(new Header(name, value));
            return this;
        }

        /** Marks the value as sensitive: it will never be logged. */
        public Builder sensitive(boolean sensitive) {
            this.sensitive = sensitive;
            return this;
        }

        /** The message; its header list is copied, so the builder may go on to make another. */
        public KafkaMessage build() {
            return new KafkaMessage(this.topic, this.key, this.value, List.copyOf(this.headers), this.sensitive);
        }

    }

}
