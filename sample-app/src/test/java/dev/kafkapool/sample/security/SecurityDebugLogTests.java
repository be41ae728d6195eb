package dev.kafkapool.sample.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security's logging at DEBUG, which writes each request's path and query as it starts securing it, a
 * token sent in the query is refused before that line: it is never in the log.
 */
@TestPropertySource(properties = "logging.level.org.springframework.security=debug")
@ExtendWith(OutputCaptureExtension.class)
class SecurityDebugLogTests extends AbstractSecuredApiTests {

    @Test
    void aTokenInTheQueryIsRefusedBeforeSpringSecurityLogsTheQuery(CapturedOutput output) {
        String token = TestTokens.trusted().token("debug-query-token", "kafka:publish:" + TOPIC);
        for (String query : new String[] { "?access_token=" + token, "?x=1&acc%65ss_token=" + token }) {
            ApiResponse answer = api().send(api().request("/api/v1/topics/" + TOPIC + "/records" + query)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
            JsonNode problem = answer.json();
            assertThat(problem.path("detail").asString()).contains("send it in the Authorization header");
        }
        // Spring Security does log requests with their query here
        ApiResponse published = api().send(api().request("/api/v1/topics/" + TOPIC + "/records?wait=false")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
        assertThat(published.status()).isEqualTo(202);
        assertThat(output.getAll()).contains("Securing POST /api/v1/topics/" + TOPIC + "/records?wait=false")
            .doesNotContain(token);
    }

}
