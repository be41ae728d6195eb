package dev.kafkapool.sample.api;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The value of a request's record: the compact JSON text (UTF-8) of the JSON value the client sent,
 * the bytes the record carries. Read by {@link RecordValueDeserializer} straight from the request's
 * parser into these bytes, never as a tree of nodes, which holds 10 to 30 times the text's size on
 * the heap (an array of a million {@code {}} items: 28 times) and let a few concurrent bodies of
 * small items exhaust it.
 */
@JsonDeserialize(using = RecordValueDeserializer.class)
public final class RecordValue {

    /** The JSON value {@code null}. */
    static final RecordValue NULL = new RecordValue("null".getBytes(StandardCharsets.US_ASCII));

    private final byte[] json;

    RecordValue(byte[] json) {
        this.json = json;
    }

    /** The compact JSON text as UTF-8; the array itself, not a copy: do not change it. */
    public byte[] json() {
        return this.json;
    }

    /** The JSON text, as Spring's DEBUG lines show a request body (a sensitive record's value is never shown). */
    @Override
    public String toString() {
        return new String(this.json, StandardCharsets.UTF_8);
    }

}
