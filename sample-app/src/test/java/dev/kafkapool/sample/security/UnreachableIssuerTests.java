package dev.kafkapool.sample.security;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** {@link AbstractUnreachableIssuerTests} with the issuer's URI: its OpenID configuration cannot be read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=false", "sample.security.enabled=true",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + AbstractUnreachableIssuerTests.UNREACHABLE
                        + "/realms/kafka" })
@DirtiesContext
class UnreachableIssuerTests extends AbstractUnreachableIssuerTests {

}
