package dev.kafkapool.sample.security;

/**
 * {@code SAMPLE_SECURITY_ENABLED=true} without a way to check token signatures: startup stops,
 * and {@link ApiSecurityFailureAnalyzer} says which variable to set.
 */
public final class ApiSecurityNotConfiguredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ApiSecurityNotConfiguredException() {
        super("SAMPLE_SECURITY_ENABLED=true, but there is no way to check a token's signature: none of "
                + ApiSecurityConfiguration.ISSUER_URI + ", " + ApiSecurityConfiguration.JWK_SET_URI + " and "
                + ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + " is set");
    }

}
