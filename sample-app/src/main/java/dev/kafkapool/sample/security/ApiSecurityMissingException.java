package dev.kafkapool.sample.security;

/**
 * {@code SAMPLE_SECURITY_ENABLED=true}, but the app has no security filter chain: its bean
 * definitions were generated ahead of time (Spring AOT, {@code -Dspring.aot.enabled=true}) with
 * security off, which left Spring Security out. Startup stops rather than serve the API open;
 * {@link ApiSecurityMissingFailureAnalyzer} says what to change.
 */
public final class ApiSecurityMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ApiSecurityMissingException() {
        super("SAMPLE_SECURITY_ENABLED=true, but the app has no security filter chain: its bean definitions were "
                + "generated ahead of time with security off (spring.aot.enabled=true), so Spring Security is not in it");
    }

}
