package dev.kafkapool.sample.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * Fails closed: with API security on and no security filter chain in the app, startup stops with
 * {@link ApiSecurityMissingException} instead of serving the API open. Only bean definitions
 * generated ahead of time with security off (Spring AOT) can get there, since those are fixed
 * before {@code SAMPLE_SECURITY_ENABLED} is read; the guard is in every app, unconditionally, so it
 * is in those too.
 */
@Component
final class ApiSecurityGuard implements SmartInitializingSingleton {

    private final ApiSecurityProperties properties;

    private final ObjectProvider<SecurityFilterChain> chains;

    ApiSecurityGuard(ApiSecurityProperties properties, ObjectProvider<SecurityFilterChain> chains) {
        this.properties = properties;
        this.chains = chains;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.properties.isEnabled() && this.chains.stream().findAny().isEmpty()) {
            throw new ApiSecurityMissingException();
        }
    }

}
