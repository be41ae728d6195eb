package dev.kafkapool.sample.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link ApiSecurityNotConfiguredException} in Spring Boot's startup failure report. */
final class ApiSecurityFailureAnalyzer extends AbstractFailureAnalyzer<ApiSecurityNotConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ApiSecurityNotConfiguredException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set exactly one of " + ApiSecurityConfiguration.ISSUER_URI
                + " to the token issuer (its keys are found from its OpenID configuration), or "
                + ApiSecurityConfiguration.JWK_SET_URI + " to its JSON Web Key set, or "
                + ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + " to file:<its PEM public key> for a cluster "
                + "that cannot reach it; or set SAMPLE_SECURITY_ENABLED=false to leave the API open", cause);
    }

}
