package dev.kafkapool.sample.api;

import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One record to publish.
 *
 * @param key the record key, or {@code null} to let the pool spread records over partitions
 * @param value any JSON value; its JSON text is the record value
 * @param headers record headers, name to string value; read within the limits of
 * {@link RecordHeadersDeserializer}
 * @param sensitive whether the value must never appear in a log line or an error message
 */
@Schema(description = "One Kafka record.")
public record RecordRequest(
        @Schema(description = "Record key (UTF-8). Omit or null for no key: the pool then spreads records "
                + "over partitions.", example = "order-42", nullable = true)
        String key,
        @Schema(description = "Any JSON value: object, array, string, number, boolean or null. The record value "
                + "is its JSON text as UTF-8, written compactly (a string is published with its quotes, "
                + "null as the four bytes null). Required.", requiredMode = Schema.RequiredMode.REQUIRED,
                types = { "object", "array", "string", "number", "boolean", "null" },
                example = "{\"hello\":\"kafka\"}")
        @NotNull(message = "is required (any JSON value)")
        RecordValue value,
        @Schema(description = "Record headers: name to string value (UTF-8), or null for a header without a "
                + "value. Names must not be empty. At most sample.http.max-headers-per-record headers (32 by default) and sample.http.max-header-bytes of "
                + "names and values counted in UTF-8 (16KB by default) per record; a record over either is "
                + "answered 413 and nothing is queued.", example = "{\"source\":\"curl\"}", nullable = true)
        @JsonDeserialize(using = RecordHeadersDeserializer.class)
        Map<@NotEmpty(message = "header names must not be empty") String, String> headers,
        @Schema(description = "Whether the value is sensitive: the pool then never writes it to a log line or "
                + "an error message. Default false.", example = "false", defaultValue = "false", nullable = true)
        Boolean sensitive) {

    /** Whether the value is sensitive; {@code false} when not given. */
    public boolean isSensitive() {
        return Boolean.TRUE.equals(this.sensitive);
    }

    /**
     * The record as Spring's DEBUG and TRACE lines show a request body ({@code Read "application/json" to [...]}):
     * a sensitive record's value and header values left out.
     */
    @Override
    public String toString() {
        if (!isSensitive()) {
            return "RecordRequest[key=" + this.key + ", value=" + this.value + ", headers=" + this.headers
                    + ", sensitive=" + this.sensitive + "]";
        }
        return "RecordRequest[key=" + this.key + ", value=(sensitive), headers="
                + ((this.headers != null) ? "(sensitive, names " + this.headers.keySet() + ")" : null)
                + ", sensitive=true]";
    }

}
