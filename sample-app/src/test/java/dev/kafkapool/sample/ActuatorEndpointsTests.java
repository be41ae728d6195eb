package dev.kafkapool.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator exposes health (with liveness and readiness groups), info and prometheus, and
 * nothing else over HTTP. Health shows every component and its status, the pool's {@code kafka}
 * among them, to anyone; the details (brokers, certificate, last error) to no anonymous caller.
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
    void theKafkaComponentAnswersUpAtItsOwnPath() {
        ApiResponse kafka = api().get("/actuator/health/kafka");

        assertThat(kafka.status()).as("%s", kafka).isEqualTo(200);
        assertThat(kafka.json().path("status").asString()).isEqualTo("UP");
        assertNoDetails(kafka);
    }

    @Test
    void healthListsTheKafkaComponentWithItsStatusButNoDetails() {
        ApiResponse health = api().get("/actuator/health");

        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.json().path("components").path("kafka").path("status").asString()).as("%s", health)
            .isEqualTo("UP");
        assertNoDetails(health);
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

    /** Neither a details member nor the brokers or client certificate a detail would name. */
    private static void assertNoDetails(ApiResponse response) {
        JsonNode json = response.json();
        assertThat(json.findValues("details")).as("details in %s", response).isEmpty();
        assertThat(response.body()).as("%s", response)
            .doesNotContain(cluster.bootstrapServers())
            .doesNotContain("kafka-pool-test-client")
            .doesNotContain(TestPki.CLIENT_SUBJECT);
    }

}
