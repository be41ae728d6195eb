package dev.kafkapool.sample.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With API security on, an app without a security filter chain in front of the API — bean
 * definitions generated ahead of time with security off, or Spring Security's filter registration
 * excluded — does not start; with security off, or with a chain and its filter registered, it does.
 */
class ApiSecurityGuardTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withUserConfiguration(GuardConfiguration.class);

    @Test
    void withSecurityOnAndNoChainStartupStopsAndTheReportSaysWhatToChange() {
        this.contextRunner.withPropertyValues("sample.security.enabled=true").run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isInstanceOf(ApiSecurityMissingException.class);
            FailureAnalysis analysis = new ApiSecurityMissingFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("SAMPLE_SECURITY_ENABLED=true", "no security filter chain",
                    "spring.aot.enabled=true");
            assertThat(analysis.getAction()).contains("-Dspring.aot.enabled=true", "JAVA_TOOL_OPTIONS",
                    "SAMPLE_SECURITY_ENABLED=false");
        });
    }

    @Test
    void withSecurityOnAndAChainThatNoFilterRegistrationPutsInFrontOfTheApiStartupStops() {
        this.contextRunner.withPropertyValues("sample.security.enabled=true")
            .withUserConfiguration(ChainConfiguration.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(ApiSecurityMissingException.class)
                    .hasMessageContaining("Spring Security's filter is not registered");
            });
    }

    @Test
    void withSecurityOnAChainAndItsFilterRegisteredTheAppStarts() {
        this.contextRunner.withPropertyValues("sample.security.enabled=true")
            .withUserConfiguration(ChainConfiguration.class, FilterRegistrationConfiguration.class)
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ApiSecurityGuard.class));
    }

    @Test
    void withSecurityOffAndNoChainTheAppStarts() {
        this.contextRunner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ApiSecurityGuard.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiSecurityProperties.class)
    @Import(ApiSecurityGuard.class)
    static class GuardConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    static class ChainConfiguration {

        @Bean
        SecurityFilterChain chain() {
            return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FilterRegistrationConfiguration {

        @Bean
        DelegatingFilterProxyRegistrationBean securityFilterChainRegistration() {
            return new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        }

    }

}
