package dev.kafkapool.sample.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample.http.* limits bind from SAMPLE_HTTP_* environment variables and are validated. */
class SampleHttpPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void theDefaultsAreFiveMegabytesAThousandRecordsThirtyTwoHeadersOf16KbAndTenSeconds() {
        this.runner.run((context) -> {
            SampleHttpProperties properties = context.getBean(SampleHttpProperties.class);
            assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(5));
            assertThat(properties.getMaxRecords()).isEqualTo(1000);
            assertThat(properties.getMaxHeadersPerRecord()).isEqualTo(32);
            assertThat(properties.getMaxHeaderBytes()).isEqualTo(DataSize.ofKilobytes(16));
            assertThat(properties.getWaitTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void environmentVariablesSetEveryLimit() {
        this.runner.withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("SAMPLE_HTTP_MAX_BODY_SIZE", "1MB", "SAMPLE_HTTP_MAX_RECORDS", "10",
                            "SAMPLE_HTTP_MAX_HEADERS_PER_RECORD", "8", "SAMPLE_HTTP_MAX_HEADER_BYTES", "2KB",
                            "SAMPLE_HTTP_WAIT_TIMEOUT", "2500ms", "SAMPLE_HTTP_RETRY_AFTER", "5s"))))
            .run((context) -> {
                SampleHttpProperties properties = context.getBean(SampleHttpProperties.class);
                assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
                assertThat(properties.getMaxRecords()).isEqualTo(10);
                assertThat(properties.getMaxHeadersPerRecord()).isEqualTo(8);
                assertThat(properties.getMaxHeaderBytes()).isEqualTo(DataSize.ofKilobytes(2));
                assertThat(properties.getWaitTimeout()).isEqualTo(Duration.ofMillis(2500));
                assertThat(properties.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
            });
    }

    @Test
    void aZeroWaitTimeoutOrRecordLimitStopsStartup() {
        this.runner.withPropertyValues("sample.http.wait-timeout=0s")
            .run((context) -> assertThat(context).hasFailed());
        this.runner.withPropertyValues("sample.http.max-records=0")
            .run((context) -> assertThat(context).hasFailed());
    }

    @Test
    void aBodyLimitBelowOneKilobyteStopsStartupNamingTheVariable() {
        // 0 was accepted, and every request was then answered 413
        this.runner.withPropertyValues("sample.http.max-body-size=0B")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("SAMPLE_HTTP_MAX_BODY_SIZE (sample.http.max-body-size) must be at least 1KB"));
        this.runner.withPropertyValues("sample.http.max-body-size=1KB").run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void aNegativeHeaderLimitStopsStartupAndZeroForbidsHeaders() {
        this.runner.withPropertyValues("sample.http.max-headers-per-record=-1")
            .run((context) -> assertThat(context).hasFailed());
        this.runner.withPropertyValues("sample.http.max-header-bytes=-1B")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("sample.http.max-header-bytes must not be negative"));
        this.runner.withPropertyValues("sample.http.max-headers-per-record=0", "sample.http.max-header-bytes=0B")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SampleHttpProperties.class)
    static class PropertiesConfiguration {

    }

}
