package dev.kafkapool.sample.security;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Lazy;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * Fails closed: with API security on, startup stops with {@link ApiSecurityMissingException}
 * unless a security filter chain exists and Spring Security's filter is registered in front of the
 * servlets, instead of serving the API open. Bean definitions generated ahead of time with security
 * off (Spring AOT) get there, since those are fixed before {@code SAMPLE_SECURITY_ENABLED} is read,
 * and so does an application that excludes Spring Boot's {@code SecurityFilterAutoConfiguration}
 * itself; the guard is in every app, unconditionally, so it is in those too, and never lazy (with
 * {@code spring.main.lazy-initialization} a bean nothing needs is never made).
 */
@Component
@Lazy(false)
final class ApiSecurityGuard implements SmartInitializingSingleton {

    private final ApiSecurityProperties properties;

    private final ObjectProvider<SecurityFilterChain> chains;

    private final ObjectProvider<DelegatingFilterProxyRegistrationBean> filterRegistrations;

    private final Environment environment;

    ApiSecurityGuard(ApiSecurityProperties properties, ObjectProvider<SecurityFilterChain> chains,
            ObjectProvider<DelegatingFilterProxyRegistrationBean> filterRegistrations, Environment environment) {
        this.properties = properties;
        this.environment = environment;
        this.chains = chains;
        this.filterRegistrations = filterRegistrations;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!this.properties.isEnabled()) {
            return;
        }
        if (ManagementPortType.get(this.environment) == ManagementPortType.SAME) {
            // the API's chain leaves the actuator open: on a port of its own, that port is kept inside the cluster
            LoggerFactory.getLogger(ApiSecurityGuard.class)
                .warn("API security is on, and the actuator shares the API's port ({}): health details (brokers, the "
                        + "client certificate's subject, the last error) and the metrics are served there without a "
                        + "token. Set MANAGEMENT_SERVER_PORT to a port of its own (the sample's default, 8081) and keep "
                        + "that port inside the cluster", this.environment.getProperty("server.port", "8080"));
        }
        if (this.chains.stream().findAny().isEmpty()) {
            throw new ApiSecurityMissingException("the app has no security filter chain");
        }
        if (this.filterRegistrations.stream().findAny().isEmpty()) {
            throw new ApiSecurityMissingException("Spring Security's filter is not registered in front of the API");
        }
    }

}
