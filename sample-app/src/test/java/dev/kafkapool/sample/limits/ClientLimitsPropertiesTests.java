package dev.kafkapool.sample.limits;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample.client-limits.* settings are validated as they bind. */
class ClientLimitsPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void aBurstWithoutARateStopsStartupNamingBothVariables() {
        // a burst alone limited nothing and started silently
        this.runner.withPropertyValues("sample.client-limits.burst=20")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("SAMPLE_CLIENT_LIMITS_BURST")
                .hasMessageContaining("SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND, which is not set")
                // the report's "Property:" line: the burst, not the name of an internal check (burstBesideARate)
                .hasMessageContaining("on field 'burst': rejected value [20]")
                .hasMessageNotContaining("BesideARate"));
        this.runner.withPropertyValues("sample.client-limits.burst=20", "sample.client-limits.records-per-second=5")
            .run((context) -> assertThat(context).hasNotFailed());
        this.runner.run((context) -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ClientLimitsProperties.class)
    static class PropertiesConfiguration {

    }

}
