package dev.kafkapool.sample.security;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own resource-server settings for a token's authorities
 * ({@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name}) are what the API reads them by:
 * the sample's own scope reader, made for {@code scope}/{@code scp} lists with entries that are no strings,
 * had replaced the converter Boot makes from them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.topics=" + RolesClaimTests.TOPIC, "sample.security.enabled=true",
                "sample.security.expected-issuer=" + TestTokens.ISSUER,
                "spring.security.oauth2.resourceserver.jwt.authorities-claim-name=roles" })
@EmbeddedKafkaCluster(topics = @KafkaTopic(RolesClaimTests.TOPIC))
class RolesClaimTests {

    static final String TOPIC = "roles-claim";

    private static final String PATH = "/api/v1/topics/" + TOPIC + "/records";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) {
        String location = TestTokens.writePublicKey(Path.of("target", "roles-claim-tests"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> location);
    }

    @Test
    void theAuthoritiesClaimBootIsToldOfGrantsAndTheScopeClaimDoesNot() {
        TestTokens tokens = TestTokens.trusted();
        assertThat(publish(tokens.tokenWithScopeClaim("by-role", "roles", List.of("kafka:publish:" + TOPIC))))
            .isEqualTo(202);
        assertThat(publish(tokens.tokenWithScopeClaim("by-scope", "scope", "kafka:publish:" + TOPIC))).isEqualTo(403);
    }

    private int publish(String token) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request(PATH)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}"))).status();
    }

}
