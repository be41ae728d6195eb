package dev.kafkapool.sample.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup warning of a per-client rate that every client can escape. */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersConfigurationTests {

    @Test
    void clientLimitsByAddressUnderTheFrameworkStrategyAreWarnedOf(CapturedOutput output) {
        filter(new MockEnvironment().withProperty("server.forward-headers-strategy", "framework")
            .withProperty("sample.client-limits.records-per-second", "5"));
        assertThat(output.getAll()).contains("WARN")
            .contains("SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND can be escaped by sending another X-Forwarded-For");
    }

    @Test
    void clientLimitsByAddressUnderNativeWithTomcatsDefaultProxiesAreWarnedOf(CapturedOutput output) {
        filter(new MockEnvironment().withProperty("server.forward-headers-strategy", "native")
            .withProperty("sample.client-limits.records-per-second", "5"));
        assertThat(output.getAll()).contains("native without SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES takes "
                + "X-Forwarded-For from every private address");
    }

    @Test
    void clientLimitsByTokenSubjectOrUnderAnotherStrategyAreNotWarnedOf(CapturedOutput output) {
        filter(new MockEnvironment().withProperty("server.forward-headers-strategy", "framework")
            .withProperty("sample.client-limits.records-per-second", "5")
            .withProperty("sample.security.enabled", "true"));
        filter(new MockEnvironment().withProperty("server.forward-headers-strategy", "native")
            .withProperty("server.tomcat.remoteip.internal-proxies", "10\\.0\\.0\\.1")
            .withProperty("sample.client-limits.records-per-second", "5"));
        filter(new MockEnvironment().withProperty("sample.client-limits.records-per-second", "5"));
        filter(new MockEnvironment().withProperty("server.forward-headers-strategy", "framework"));
        assertThat(output.getAll()).doesNotContain("X-Forwarded-For");
    }

    private static void filter(MockEnvironment environment) {
        assertThat(new ForwardedHeadersConfiguration().forwardedHeadersFilter(environment).getFilter()).isNotNull();
    }

}
