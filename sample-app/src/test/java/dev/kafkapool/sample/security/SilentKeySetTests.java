package dev.kafkapool.sample.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SilentIssuerTests} with the URI of the issuer's JSON Web Key set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true" })
@DirtiesContext
class SilentKeySetTests extends AbstractUnreachableIssuerTests {

    @DynamicPropertySource
    static void keySet(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> SilentIssuer.url() + "/jwks");
    }

}
