package dev.kafkapool.sample.limits;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sample.client-limits.*}: how many records per second one client may publish through the
 * API: a client is a token's subject with security on, else a remote address. Off by default.
 */
@ConfigurationProperties("sample.client-limits")
@Validated
public class ClientLimitsProperties implements Validator {

    /**
     * Records per second one client may publish (SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND), e.g. 10 or 0.5; 0: no
     * limit. Beyond it the API answers 429 with Retry-After.
     */
    @DecimalMin("0")
    private double recordsPerSecond;

    /**
     * Records one client may publish at once above that rate after a quiet spell
     * (SAMPLE_CLIENT_LIMITS_BURST); 0: one second's worth.
     */
    @Min(0)
    private long burst;

    /**
     * A burst needs a rate, reported against {@code burst} itself (its variable and value), as Spring Boot
     * reports the field checks above.
     */
    @Override
    public void validate(Object target, Errors errors) {
        if (this.burst != 0 && this.recordsPerSecond <= 0) {
            errors.rejectValue("burst", "burstWithoutRate", "SAMPLE_CLIENT_LIMITS_BURST counts records above "
                    + "SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND, which is not set: set the rate beside it, or unset the burst");
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return ClientLimitsProperties.class.isAssignableFrom(type);
    }

    public double getRecordsPerSecond() {
        return this.recordsPerSecond;
    }

    public void setRecordsPerSecond(double recordsPerSecond) {
        this.recordsPerSecond = recordsPerSecond;
    }

    public long getBurst() {
        return this.burst;
    }

    public void setBurst(long burst) {
        this.burst = burst;
    }

}
