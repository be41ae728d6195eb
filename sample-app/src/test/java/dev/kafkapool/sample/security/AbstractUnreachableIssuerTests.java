package dev.kafkapool.sample.security;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API with security on while the token issuer cannot be reached (nothing listens where its
 * keys are fetched from): a request with a token is a 503 problem with {@code Retry-After}, not a
 * 500, and the log says why once, without a stack trace; a request without one is still a 401.
 * Kafka is off: no request here gets as far as the pool.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractUnreachableIssuerTests {

    static final String UNREACHABLE = "http://127.0.0.1:1";

    private static final String PATH = "/api/v1/topics/demo/records";

    @LocalServerPort
    int port;

    @Test
    @Order(1) // first: the outage is logged once a minute, and the other tests' requests would log it before
    void aRequestWithATokenIsA503ThatSaysTheTokenCannotBeCheckedNow(CapturedOutput output) {
        String token = TestTokens.trusted().token("issuer-down", "kafka:publish:demo");
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            ApiResponse answer = publish(token);
            // within the key fetch's timeouts (2 s to connect, 3 s to read), whatever the issuer does
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(15));

            JsonNode problem = assertProblem(answer, 503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(problem.path("detail").asString()).contains("cannot be checked now");
        }
        assertThat(output.getAll()).contains("Bearer tokens cannot be checked")
            .doesNotContain("Internal Server Error")
            .doesNotContain("\tat org.springframework.security");
        assertThat(output.getAll().split("Bearer tokens cannot be checked", -1)).as("logged once").hasSize(2);
    }

    @Test
    void concurrentRequestsWithATokenAreEachA503WithinSecondsWhileOpenPathsAnswerAtOnce() throws Exception {
        // the decoder's build (issuer URI) and the key set's cache (key set URI) made each waiting request try the
        // issuer again in turn: 15-27 s for a key set, and behind an issuer URI every request thread queued, the
        // API answered nothing at all
        String token = TestTokens.trusted().token("issuer-down", "kafka:publish:demo");
        // generated on its first request: that cost is not what is measured below
        assertThat(new ApiClient(this.port).get("/v3/api-docs").status()).isEqualTo(200);
        ExecutorService clients = Executors.newFixedThreadPool(24);
        try {
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(clients.submit(() -> {
                    long started = System.nanoTime();
                    ApiResponse answer = publish(token);
                    return new long[] { answer.status(), (System.nanoTime() - started) / 1_000_000 };
                }));
            }
            Thread.sleep(500);
            long started = System.nanoTime();
            ApiResponse open = new ApiClient(this.port).get("/v3/api-docs");
            long openMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(open.status()).isEqualTo(200);
            assertThat(openMillis).as("the OpenAPI document while tokens wait").isLessThan(2_000);
            for (Future<long[]> answer : answers) {
                long[] statusAndMillis = answer.get(60, TimeUnit.SECONDS);
                assertThat(statusAndMillis[0]).isEqualTo(503);
                // one fetch's timeouts (2 s to connect, 3 s to read) and the wait for another's (1 s), with room
                assertThat(statusAndMillis[1]).as("ms to the 503").isLessThan(7_000);
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aRequestWithoutATokenIsStillA401() {
        ApiResponse answer = new ApiClient(this.port).postJson(PATH, "{\"records\":[{\"value\":1}]}");

        assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aTokenThatIsNoJwtIsStillA401() {
        assertProblem(publish("not-a-jwt"), 401);
    }

    private ApiResponse publish(String token) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request(PATH)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
    }

}
