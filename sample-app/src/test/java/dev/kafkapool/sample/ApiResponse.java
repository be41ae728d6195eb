package dev.kafkapool.sample;

import java.net.http.HttpHeaders;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer of the sample app: status, headers and body.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body as text
 */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    /** The Content-Type header, or an empty string. */
    public String contentType() {
        return this.headers.firstValue("Content-Type").orElse("");
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return this.headers.firstValue(name).orElse(null);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        return JsonMapper.shared().readTree(this.body);
    }

    @Override
    public String toString() {
        return this.status + " " + contentType() + " " + this.body;
    }

}
