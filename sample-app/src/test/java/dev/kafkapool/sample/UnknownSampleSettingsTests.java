package dev.kafkapool.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** SAMPLE_* variables that bind to nothing are named at startup, not ignored in silence. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownSampleSettingsTests {

    @Test
    void aMisspelledSampleVariableIsWarnedAboutAndTheSettingsThatBindAreNot(CapturedOutput output) {
        StandardEnvironment environment = environment(Map.of("SAMPLE_HTTP_WAIT_TIMOUT", "1s",
                "SAMPLE_HTTP_WAIT_TIMEOUT", "2s", "sample_orders_topic", "orders", "SAMPLE_CLIENT_LIMITS_BURST", "3",
                "SAMPLE_SECURITY_EXPECTEDISSUER", "https://issuer", "PATH", "/usr/bin"));

        new UnknownSampleSettings(environment);

        assertThat(UnknownSampleSettings.unknown(environment)).containsExactly("SAMPLE_HTTP_WAIT_TIMOUT");
        assertThat(output).contains("No such setting of the sample app, ignored: SAMPLE_HTTP_WAIT_TIMOUT (its settings: ")
            .contains("SAMPLE_HTTP_WAIT_TIMEOUT, ");
    }

    @Test
    void everyDocumentedSampleSettingIsKnown() {
        assertThat(UnknownSampleSettings.known()).contains("SAMPLE_HTTP_MAX_BODY_SIZE", "SAMPLE_HTTP_MAX_RECORDS",
                "SAMPLE_HTTP_MAX_HEADERS_PER_RECORD", "SAMPLE_HTTP_MAX_HEADER_BYTES", "SAMPLE_HTTP_WAIT_TIMEOUT",
                "SAMPLE_HTTP_RETRY_AFTER", "SAMPLE_SECURITY_ENABLED", "SAMPLE_SECURITY_EXPECTED_ISSUER",
                "SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND", "SAMPLE_CLIENT_LIMITS_BURST", "SAMPLE_ORDERS_TOPIC",
                "SAMPLE_ORDERS_GROUP_ID");
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }

}
