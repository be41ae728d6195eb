package dev.kafkapool.sample.security;

/**
 * {@code SAMPLE_SECURITY_ENABLED=true}, but no security filter chain guards the API: most likely
 * its bean definitions were generated ahead of time (Spring AOT, {@code -Dspring.aot.enabled=true})
 * with security off, which left Spring Security out, or Spring Security's auto-configurations were
 * excluded. Startup stops rather than serve the API open; {@link ApiSecurityMissingFailureAnalyzer}
 * says what to change.
 */
public final class ApiSecurityMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ApiSecurityMissingException(String missing) {
        super("SAMPLE_SECURITY_ENABLED=true, but " + missing + ": most likely its bean definitions were generated "
                + "ahead of time with security off (spring.aot.enabled=true), which leaves Spring Security out, or "
                + "Spring Security's auto-configurations are excluded (spring.autoconfigure.exclude)");
    }

}
