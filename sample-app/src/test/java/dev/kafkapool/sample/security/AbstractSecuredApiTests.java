package dev.kafkapool.sample.security;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

/**
 * The app with {@code SAMPLE_SECURITY_ENABLED=true}, checking tokens against a public key file and
 * an expected issuer, as in an air-gapped cluster; the tests mint their own tokens
 * ({@link TestTokens}). One context for every subclass. Each test is its own client (token
 * subject), so the per-client rate ({@code SAMPLE_CLIENT_LIMITS_*}: 5 records at once, 1 a
 * second, slow enough that a stalled test thread does not see a record's room come back between
 * two requests) limits only the test about it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.topics=" + AbstractSecuredApiTests.TOPIC + "," + AbstractSecuredApiTests.OTHER_TOPIC + ","
                + AbstractSecuredApiTests.BROWSER_TOPIC + ",orders",
                "sample.security.enabled=true",
                "sample.security.expected-issuer=" + TestTokens.ISSUER,
                "sample.client-limits.records-per-second=1", "sample.client-limits.burst=5" })
@EmbeddedKafkaCluster(topics = { @KafkaTopic(AbstractSecuredApiTests.TOPIC), @KafkaTopic(AbstractSecuredApiTests.OTHER_TOPIC),
        @KafkaTopic(AbstractSecuredApiTests.BROWSER_TOPIC),
        @KafkaTopic("orders") })
abstract class AbstractSecuredApiTests {

    static final String TOPIC = "secured-records";

    static final String OTHER_TOPIC = "secured-other";

    static final String BROWSER_TOPIC = "secured-browser";

    /** The JVM's shared mTLS cluster, set by {@link EmbeddedKafkaCluster}. */
    static KafkaCluster cluster;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) {
        String location = TestTokens.writePublicKey(Path.of("target", "secured-api-tests"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> location);
    }

    ApiClient api() {
        return new ApiClient(this.port);
    }

}
