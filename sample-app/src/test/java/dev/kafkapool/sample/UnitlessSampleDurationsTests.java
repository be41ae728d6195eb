package dev.kafkapool.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare number under a thousand in a sample duration is said to be read as milliseconds. */
@ExtendWith(OutputCaptureExtension.class)
class UnitlessSampleDurationsTests {

    @Test
    void aBareNumberUnderAThousandIsWarnedAboutWithBothReadingsAndLargerOnesAndUnitsAreNot(CapturedOutput output) {
        // SAMPLE_HTTP_WAIT_TIMEOUT=10 was 10 ms, and every wait=true request a 504, without a word
        new UnitlessSampleDurations(new MockEnvironment().withProperty("sample.http.wait-timeout", "10")
            .withProperty("sample.http.retry-after", "2000"));
        new UnitlessSampleDurations(new MockEnvironment().withProperty("sample.http.wait-timeout", "10s"));

        assertThat(output).contains("SAMPLE_HTTP_WAIT_TIMEOUT=10 is read as 10 milliseconds: a number without a unit "
                + "is in milliseconds for this setting (the KAFKA_* durations take seconds); write 10s if seconds were "
                + "meant, or 10ms to keep milliseconds")
            .doesNotContain("SAMPLE_HTTP_RETRY_AFTER")
            .doesNotContain("=10s is read");
    }

}
