package dev.kafkapool.sample.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's default, API security off: Spring Security's chain and filter are not in the app — no
 * filter in front of the API or the actuator, only the guard that would stop a secured app without
 * them — and the API takes requests without a token.
 */
class SecurityOffTests extends AbstractSharedBrokerTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void theAppHasNoSecurityFilterChainAndNoSpringSecurityFilterButItsGuard() {
        assertThat(this.context.getBeanNamesForType(SecurityFilterChain.class)).isEmpty();
        assertThat(this.context.getBeansOfType(ApiSecurityGuard.class)).hasSize(1);
        assertThat(this.context.containsBean("springSecurityFilterChain")).isFalse();
        assertThat(this.context.containsBean("apiSecurityFilterChain")).isFalse();
    }

    @Test
    void theApiAcceptsARecordWithoutAToken() {
        ApiResponse response = api().postJson("/api/v1/topics/" + ACCEPTED_TOPIC + "/records",
                "{\"records\":[{\"key\":\"k\",\"value\":1}]}");

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        assertThat(response.header("WWW-Authenticate")).isNull();
        // no filter of Spring Security's wrote its headers
        assertThat(response.header("X-Content-Type-Options")).isNull();
        assertThat(response.header("X-Frame-Options")).isNull();
    }

    @Test
    void theActuatorAnswersWithoutSpringSecuritysFilterInFrontOfIt() {
        ApiResponse probe = management().get("/actuator/health/liveness");

        assertThat(probe.status()).as("%s", probe).isEqualTo(200);
        assertThat(probe.header("X-Content-Type-Options")).isNull();
        assertThat(probe.header("X-Frame-Options")).isNull();
    }

}
