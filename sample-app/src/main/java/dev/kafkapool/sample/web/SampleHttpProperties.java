package dev.kafkapool.sample.web;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the sample's HTTP API, under {@code sample.http.*}; each is also an environment
 * variable: {@code sample.http.max-records} is {@code SAMPLE_HTTP_MAX_RECORDS}.
 */
@ConfigurationProperties("sample.http")
@Validated
public class SampleHttpProperties {

    /**
     * Largest request body accepted, at least 1KB; a larger one is answered 413 before it is parsed.
     */
    @NotNull
    private DataSize maxBodySize = DataSize.ofMegabytes(5);

    /**
     * Most request-body bytes the API reads and parses at once, across all requests (counted by
     * Content-Length, or as max-body-size for a body without one); a request beyond it waits up
     * to 5 s for room, and is then answered 429 with Retry-After, its body not parsed.
     * Parsing holds about four times a body's size on the heap for a moment (a record's JSON
     * value is copied to its bytes, never built as a tree of nodes), so this bounds what
     * concurrent large requests take beside the publisher's queue (KAFKA_QUEUE_MAX_BYTES). Unset:
     * a sixteenth of the maximum heap (16MB at -Xmx256m), at least max-body-size. A body larger
     * than this limit is still taken when no other body is being read.
     */
    private DataSize maxBodyBytesInFlight;

    /**
     * Most records in one publish request; more are answered 413.
     */
    @Min(1)
    private int maxRecords = 1000;

    /**
     * Most headers in one record; more are answered 413 and the body is not read further. Tracing,
     * a content type, ids and a framework's type headers come to about a dozen, so 32 leaves room,
     * while a full request (max-records of them) holds at most 32,000 headers: about 3 MB of heap
     * at some 100 bytes each, no more than the body limit.
     */
    @Min(0)
    private int maxHeadersPerRecord = 32;

    /**
     * Most bytes of header names and values of one record, counted in UTF-8; more are answered
     * 413 and the body is not read further. 16KB is twice what Tomcat accepts for all headers of
     * an HTTP request by default: room for tracing and a forwarded token, and headers stay small
     * against the record values they describe (the producer's max.request.size is 1MB by default).
     */
    @NotNull
    private DataSize maxHeaderBytes = DataSize.ofKilobytes(16);

    /**
     * How long a request with wait=true (and an order) waits for the broker's acknowledgement
     * before it is answered 504. The records stay queued and may still be delivered.
     */
    @NotNull
    @DurationMin(millis = 1)
    private Duration waitTimeout = Duration.ofSeconds(10);

    /**
     * Value of the Retry-After header of a 429 for a full queue or journal (and of a topic's rate
     * limit when its bucket gives no time), rounded up to whole seconds.
     */
    @NotNull
    @DurationMin(seconds = 0)
    private Duration retryAfter = Duration.ofSeconds(1);

    public DataSize getMaxBodySize() {
        return this.maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public DataSize getMaxBodyBytesInFlight() {
        return this.maxBodyBytesInFlight;
    }

    public void setMaxBodyBytesInFlight(DataSize maxBodyBytesInFlight) {
        this.maxBodyBytesInFlight = maxBodyBytesInFlight;
    }

    public int getMaxRecords() {
        return this.maxRecords;
    }

    public void setMaxRecords(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public int getMaxHeadersPerRecord() {
        return this.maxHeadersPerRecord;
    }

    public void setMaxHeadersPerRecord(int maxHeadersPerRecord) {
        this.maxHeadersPerRecord = maxHeadersPerRecord;
    }

    public DataSize getMaxHeaderBytes() {
        return this.maxHeaderBytes;
    }

    public void setMaxHeaderBytes(DataSize maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @AssertTrue(message = "SAMPLE_HTTP_MAX_BODY_SIZE (sample.http.max-body-size) must be at least 1KB: a smaller body"
            + " cannot hold a request of one small record, so every request would be answered 413")
    boolean isMaxBodySizeAtLeastOneKilobyte() {
        return this.maxBodySize == null || this.maxBodySize.toBytes() >= 1024;
    }

    @AssertTrue(message = "SAMPLE_HTTP_MAX_BODY_BYTES_IN_FLIGHT (sample.http.max-body-bytes-in-flight) must be at "
            + "least 1KB: it bounds the request bodies read at once, and a smaller one would take one small body at a time")
    boolean isMaxBodyBytesInFlightAtLeastOneKilobyte() {
        return this.maxBodyBytesInFlight == null || this.maxBodyBytesInFlight.toBytes() >= 1024;
    }

    @AssertTrue(message = "sample.http.max-header-bytes must not be negative")
    boolean isMaxHeaderBytesNotNegative() {
        return this.maxHeaderBytes == null || this.maxHeaderBytes.toBytes() >= 0;
    }

    public Duration getWaitTimeout() {
        return this.waitTimeout;
    }

    public void setWaitTimeout(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    public Duration getRetryAfter() {
        return this.retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

}
