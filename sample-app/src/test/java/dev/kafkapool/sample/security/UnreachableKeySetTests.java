package dev.kafkapool.sample.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** {@link AbstractUnreachableIssuerTests} with the URI of the issuer's JSON Web Key set, which cannot be read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + AbstractUnreachableIssuerTests.UNREACHABLE
                        + "/jwks" })
@DirtiesContext
class UnreachableKeySetTests extends AbstractUnreachableIssuerTests {

}
