package dev.kafkapool.sample.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key set that answers, but with an error: the requests with a token are 503s with {@code Retry-After}, and the
 * set is not read again for each of them (g62e: 125 reads for 125 requests, each request 0.7 s).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true" })
@DirtiesContext
class FailingKeySetTests {

    private static final AtomicInteger reads = new AtomicInteger();

    private static final HttpServer keySet = start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void keySetUri(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + keySet.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stop() {
        keySet.stop(0);
    }

    @Test
    void twentyRequestsWithATokenReadAFailingKeySetOnceOrTwiceNotTwentyTimes() {
        for (int i = 0; i < 20; i++) {
            ApiClient api = new ApiClient(this.port);
            ApiResponse answer = api.send(api.request("/api/v1/topics/demo/records")
                .header("Authorization", "Bearer " + TestTokens.trusted().token("valid", "kafka:publish:demo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
            assertProblem(answer, 503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
        }

        // once, and once more if the 20 took longer than the 5 s the failure is kept
        assertThat(reads.get()).as("reads of the failing key set").isBetween(1, 2);
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", (exchange) -> {
                reads.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
