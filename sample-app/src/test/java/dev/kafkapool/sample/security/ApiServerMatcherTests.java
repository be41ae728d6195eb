package dev.kafkapool.sample.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;

import dev.kafkapool.sample.web.ManagementServletContexts;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the API's security chain takes: every one but those of the actuator's own server. */
class ApiServerMatcherTests {

    @Test
    void aRequestOfAServerNotMarkedAsTheActuatorsIsTheApisAndSoSecured() {
        // fails closed: a mock context, or a container that wraps the API's, gets the API's security, not none
        MockHttpServletRequest request = new MockHttpServletRequest(new MockServletContext(), "POST",
                "/api/v1/topics/demo/records");
        assertThat(ApiSecurityConfiguration.onTheApisServer().matches(request)).isTrue();
    }

    @Test
    void aRequestOfTheActuatorsOwnServerIsLeftAlone() {
        MockServletContext management = new MockServletContext();
        management.setAttribute(ManagementServletContexts.ATTRIBUTE, Boolean.TRUE);
        MockHttpServletRequest request = new MockHttpServletRequest(management, "GET", "/api/v1/orders/x");
        assertThat(ApiSecurityConfiguration.onTheApisServer().matches(request)).isFalse();
    }

}
