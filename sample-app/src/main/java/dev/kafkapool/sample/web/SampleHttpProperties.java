package dev.kafkapool.sample.web;

import java.time.Duration;

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
     * Largest request body accepted; a larger one is answered 413 before it is parsed.
     */
    @NotNull
    private DataSize maxBodySize = DataSize.ofMegabytes(5);

    /**
     * Most records in one publish request; more are answered 413.
     */
    @Min(1)
    private int maxRecords = 1000;

    /**
     * How long a request with wait=true (and an order) waits for the broker's acknowledgement
     * before it is answered 504. The records stay queued and may still be delivered.
     */
    @NotNull
    @DurationMin(millis = 1)
    private Duration waitTimeout = Duration.ofSeconds(10);

    /**
     * Value of the Retry-After header of a 429 (queue full) answer, rounded up to whole seconds.
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

    public int getMaxRecords() {
        return this.maxRecords;
    }

    public void setMaxRecords(int maxRecords) {
        this.maxRecords = maxRecords;
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
