package dev.kafkapool.sample.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link ApiPublicKeyUnusableException} in Spring Boot's startup failure report. */
final class ApiPublicKeyFailureAnalyzer extends AbstractFailureAnalyzer<ApiPublicKeyUnusableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ApiPublicKeyUnusableException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }

}
