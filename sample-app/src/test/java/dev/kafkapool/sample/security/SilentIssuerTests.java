package dev.kafkapool.sample.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link AbstractUnreachableIssuerTests} with an issuer that takes connections and never answers:
 * its OpenID configuration is not read within the fetch's read timeout, and a request with a token
 * is the same 503 (it waited for good before).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true" })
@DirtiesContext
class SilentIssuerTests extends AbstractUnreachableIssuerTests {

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> SilentIssuer.url() + "/realms/kafka");
    }

}
