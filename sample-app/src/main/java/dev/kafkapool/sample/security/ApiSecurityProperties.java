package dev.kafkapool.sample.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sample.security.*}: whether the API requires a JWT bearer token. How tokens are checked
 * is Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.*}: an issuer URI, a JWK
 * set URI or a public key file, and the accepted audiences.
 */
@ConfigurationProperties("sample.security")
public class ApiSecurityProperties {

    /**
     * Require a JWT bearer token on /api/** (SAMPLE_SECURITY_ENABLED). Off for the demo; on in
     * production, with one of SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI, _JWK_SET_URI
     * or _PUBLIC_KEY_LOCATION. The OpenAPI document, Swagger UI and the management port stay open.
     */
    private boolean enabled;

    /**
     * The issuer a token's "iss" claim must name (SAMPLE_SECURITY_EXPECTED_ISSUER), for a public key
     * file or JWK set URI, which name no issuer themselves; an issuer URI checks it already.
     */
    private String expectedIssuer;

    public String getExpectedIssuer() {
        return this.expectedIssuer;
    }

    public void setExpectedIssuer(String expectedIssuer) {
        this.expectedIssuer = expectedIssuer;
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

}
