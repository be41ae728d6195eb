package dev.kafkapool.sample.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
 * Forged tokens naming keys the issuer never had cannot make the app fetch the issuer's key set
 * once each: a local key set server counts the fetches. A valid token still passes (and then meets
 * the pool, which is off here: 503 DISABLED), and each forged one is a 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true" })
@DirtiesContext
class KeySetFetchTests {

    private static final AtomicInteger fetches = new AtomicInteger();

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
    void twentyTokensOfUnknownKeysCauseAtMostOneFetchBeyondTheFirst() {
        ApiResponse valid = publish(TestTokens.trusted().token("valid", "kafka:publish:demo"));
        assertThat(assertProblem(valid, 503).path("reason").asString()).as("past authentication").isEqualTo("DISABLED");
        int afterTheFirst = fetches.get();
        assertThat(afterTheFirst).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            String forged = TestTokens.foreign().tokenWithKeyId(UUID.randomUUID().toString(), "forger", "kafka:publish:demo");
            ApiResponse answer = publish(forged);
            assertProblem(answer, 401);
            assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
        }

        assertThat(fetches.get() - afterTheFirst).as("fetches for 20 unknown keys").isLessThanOrEqualTo(1);
        assertThat(assertProblem(publish(TestTokens.trusted().token("valid", "kafka:publish:demo")), 503)
            .path("reason").asString()).as("a valid token still passes").isEqualTo("DISABLED");
    }

    private ApiResponse publish(String token) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request("/api/v1/topics/demo/records")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", (exchange) -> {
                fetches.incrementAndGet();
                byte[] body = TestTokens.trustedKeySet().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
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
