package dev.kafkapool.sample.web;

import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app ignores forwarded headers unless told which proxies to trust. On Kubernetes (where Spring
 * Boot would trust {@code X-Forwarded-For} from any private address) a client cannot pick its own
 * address, and so its own per-client rate, by sending the header; and no reader of the request sees
 * them: springdoc read them anyway, and a malformed one was a 500 whose log line listed every request
 * header (an {@code Authorization} header's token with them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.main.cloud-platform=kubernetes", "kafka.topics=" + ForwardedHeadersTests.TOPIC,
                "sample.client-limits.records-per-second=0.1", "sample.client-limits.burst=1" })
@EmbeddedKafkaCluster(topics = @KafkaTopic(ForwardedHeadersTests.TOPIC))
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersTests {

    static final String TOPIC = "forwarded-headers";

    private static final String TOKEN = "Bearer FORWARDED-TEST-TOKEN";

    private static final List<String[]> MALFORMED = List.of(new String[] { "X-Forwarded-Port", "abc" },
            new String[] { "X-Forwarded-Port", "99999999999" }, new String[] { "X-Forwarded-Host", "a:abc" },
            new String[] { "X-Forwarded-Host", "[::1" }, new String[] { "Forwarded", "host=\"a:x\"" });

    @LocalServerPort
    int port;

    @Test
    void aForwardedForHeaderDoesNotMakeANewClient() {
        assertThat(publishFrom("203.0.113.1").status()).isEqualTo(202);

        JsonNode problem = assertProblem(publishFrom("203.0.113.2"), 429);
        assertThat(problem.path("reason").asString()).isEqualTo("CLIENT_RATE_LIMITED");
        assertThat(problem.path("detail").asString()).contains("127.0.0.1").doesNotContain("203.0.113");
    }

    @Test
    void malformedForwardedHeadersAreIgnoredBySwaggerUiAndNeverLogged(CapturedOutput output) {
        ApiClient api = new ApiClient(this.port);
        for (String path : List.of("/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html",
                "/v3/api-docs")) {
            for (String[] header : MALFORMED) {
                ApiResponse response = api
                    .send(api.request(path).header(header[0], header[1]).header("Authorization", TOKEN).GET());
                assertThat(response.status()).as(path + " with " + header[0] + ": " + header[1]).isLessThan(400);
            }
        }
        assertThat(output.getAll()).doesNotContain("FORWARDED-TEST-TOKEN").doesNotContain("Request headers");
    }

    @Test
    void aForwardedSchemeAndHostDoNotMakeSwaggerUisUrls() {
        ApiClient api = new ApiClient(this.port);
        ApiResponse config = api.send(api.request("/v3/api-docs/swagger-config")
            .header("X-Forwarded-Proto", "gopher")
            .header("X-Forwarded-Host", "attacker.example")
            .header("Forwarded", "proto=gopher;host=attacker.example")
            .GET());
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).doesNotContain("gopher").doesNotContain("attacker.example");
    }

    private ApiResponse publishFrom(String forwardedFor) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request("/api/v1/topics/" + TOPIC + "/records")
            .header("X-Forwarded-For", forwardedFor)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
    }

}
