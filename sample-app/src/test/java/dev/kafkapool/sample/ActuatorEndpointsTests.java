package dev.kafkapool.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator exposes health (with liveness and readiness groups), info and prometheus, and
 * nothing else over HTTP.
 */
class ActuatorEndpointsTests extends AbstractSharedBrokerTests {

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        ApiResponse index = api().get("/actuator");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.json().path("_links").propertyNames()).containsExactlyInAnyOrder("self", "health",
                "health-path", "info", "prometheus");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
    void theProbesAnswerUp(String path) {
        ApiResponse probe = api().get(path);

        assertThat(probe.status()).as("%s", probe).isEqualTo(200);
        assertThat(probe.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusServesJvmAndHttpMetrics() {
        api().get("/api/v1/orders/warm-up");
        ApiResponse metrics = api().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump" })
    void otherEndpointsAreNotExposed(String path) {
        assertThat(api().get(path).status()).isEqualTo(404);
    }

}
