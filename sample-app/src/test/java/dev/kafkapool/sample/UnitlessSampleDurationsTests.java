package dev.kafkapool.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare number of a minute or more in a sample duration is said to be read as seconds. */
@ExtendWith(OutputCaptureExtension.class)
class UnitlessSampleDurationsTests {

    @Test
    void aBareNumberOfAMinuteOrMoreIsWarnedAboutWithBothReadingsAndShorterOnesAndUnitsAreNot(CapturedOutput output) {
        new UnitlessSampleDurations(new MockEnvironment().withProperty("sample.http.wait-timeout", "500")
            .withProperty("sample.http.retry-after", "5"));
        new UnitlessSampleDurations(new MockEnvironment().withProperty("sample.http.wait-timeout", "500s"));

        assertThat(output).contains("SAMPLE_HTTP_WAIT_TIMEOUT=500 is read as 500 seconds (8m20s): a number without a "
                + "unit is in seconds for this setting; write 500ms if milliseconds were meant, or 500s to keep seconds")
            .doesNotContain("SAMPLE_HTTP_RETRY_AFTER")
            .doesNotContain("=500s is read");
    }

}
