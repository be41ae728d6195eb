package dev.kafkapool.sample.security;

import java.util.List;

/**
 * {@code SAMPLE_SECURITY_ENABLED=true} without one clear way to check token signatures: none of
 * the three key settings, or more than one (Spring Boot would use one and silently ignore the
 * others). Startup stops, and {@link ApiSecurityFailureAnalyzer} says which variable to set.
 */
public final class ApiSecurityNotConfiguredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ApiSecurityNotConfiguredException() {
        super("SAMPLE_SECURITY_ENABLED=true, but there is no way to check a token's signature: none of "
                + ApiSecurityConfiguration.ISSUER_URI + ", " + ApiSecurityConfiguration.JWK_SET_URI + " and "
                + ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + " is set");
    }

    ApiSecurityNotConfiguredException(List<String> set) {
        super("SAMPLE_SECURITY_ENABLED=true, and more than one way to check a token's signature is set: "
                + String.join(" and ", set) + "; Spring Boot would use one and ignore the other"
                + ((set.size() > 2) ? "s" : "") + ", so tokens signed as the ignored one expects would fail");
    }

}
