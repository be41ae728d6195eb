package dev.kafkapool.sample.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link ApiSecurityMissingException} in Spring Boot's startup failure report. */
final class ApiSecurityMissingFailureAnalyzer extends AbstractFailureAnalyzer<ApiSecurityMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ApiSecurityMissingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Remove -Dspring.aot.enabled=true from JAVA_TOOL_OPTIONS "
                + "(the Helm chart does so by itself when security.enabled is true), so that the app evaluates its "
                + "configuration at startup, and do not exclude Spring Security's auto-configurations; or set "
                + "SAMPLE_SECURITY_ENABLED=false to leave the API open", cause);
    }

}
