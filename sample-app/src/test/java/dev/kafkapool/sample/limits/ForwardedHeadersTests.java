package dev.kafkapool.sample.limits;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kubernetes (where Spring Boot would trust {@code X-Forwarded-For} from any private address),
 * a client cannot pick its own address, and so its own per-client rate, by sending the header:
 * the app ignores forwarded headers unless told which proxies to trust.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.main.cloud-platform=kubernetes", "kafka.topics=" + ForwardedHeadersTests.TOPIC,
                "sample.client-limits.records-per-second=0.1", "sample.client-limits.burst=1" })
@EmbeddedKafkaCluster(topics = @KafkaTopic(ForwardedHeadersTests.TOPIC))
class ForwardedHeadersTests {

    static final String TOPIC = "forwarded-headers";

    @LocalServerPort
    int port;

    @Test
    void aForwardedForHeaderDoesNotMakeANewClient() {
        assertThat(publishFrom("203.0.113.1").status()).isEqualTo(202);

        JsonNode problem = assertProblem(publishFrom("203.0.113.2"), 429);
        assertThat(problem.path("reason").asString()).isEqualTo("CLIENT_RATE_LIMITED");
        assertThat(problem.path("detail").asString()).contains("127.0.0.1").doesNotContain("203.0.113");
    }

    private ApiResponse publishFrom(String forwardedFor) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request("/api/v1/topics/" + TOPIC + "/records")
            .header("X-Forwarded-For", forwardedFor)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
    }

}
