package dev.kafkapool.sample.security;

/**
 * The file of {@code SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION} holds no RSA
 * public key that Spring Boot can check tokens with: a certificate, a private key, an EC key or
 * something else. Startup stops, and {@link ApiPublicKeyFailureAnalyzer} says what the file holds
 * (never its text) and how to make the key Boot reads.
 */
public final class ApiPublicKeyUnusableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    ApiPublicKeyUnusableException(String location, String holds, String action) {
        super(ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + "=" + location + " holds " + holds
                + ", not an RSA public key (-----BEGIN PUBLIC KEY-----), which is what Spring Boot checks token "
                + "signatures with");
        this.action = action;
    }

    /** What makes the file usable. */
    public String action() {
        return this.action;
    }

}
