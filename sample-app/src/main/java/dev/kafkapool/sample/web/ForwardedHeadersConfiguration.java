package dev.kafkapool.sample.web;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * The {@code Forwarded} and {@code X-Forwarded-*} headers of the API's requests, before anything reads them. Unless
 * {@code server.forward-headers-strategy} is {@code framework} they are taken off: springdoc builds Swagger UI's
 * URLs from them whatever the strategy says ({@code X-Forwarded-Proto: gopher} made its OAuth2 redirect a
 * {@code gopher://} URL), and a malformed one ({@code X-Forwarded-Port: abc}, {@code Forwarded: host="a:x"}) failed
 * the request with a 500 whose logged message listed every request header, a bearer token and cookies among them.
 * With {@code none} (the sample's setting) nothing uses them; with {@code native} (behind a trusted ingress) Tomcat
 * has applied what it trusts before this filter runs, and what is left (a {@code Forwarded} header an ingress passed
 * on, say) is removed: springdoc's URLs do not take an {@code X-Forwarded-Prefix}. With {@code framework} the filter
 * applies them (in place of Spring Boot's, which backs off) and refuses a malformed one with a 400, on requests only:
 * on the error dispatch of that 400 it refused the header again, and the 400 went out without its problem detail.
 * Spring's filter takes an {@code X-Forwarded-Prefix} as it comes and the request fails only where its path is
 * read ({@code %zz}, {@code http://x}: a 500 with a stack trace, also before authentication), so
 * {@link CheckedForwardedHeaderFilter} checks the path before passing the request on. The management port's server
 * reads none.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedHeadersConfiguration {

    @Bean
    FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeadersFilter(Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy", "none").trim();
        boolean framework = "framework".equalsIgnoreCase(strategy);
        warnOfClientLimitsByForgeableAddress(environment, strategy);
        ForwardedHeaderFilter filter = new CheckedForwardedHeaderFilter();
        filter.setRemoveOnly(!framework);
        FilterRegistrationBean<ForwardedHeaderFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(framework ? EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC)
                : EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        // before every other filter, Spring Security's among them
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Without API security a client's rate is kept by its remote address, which {@code X-Forwarded-For} names when a
     * proxy is trusted: with {@code framework} every client is (Spring's filter has no list of proxies), with
     * {@code native} and no {@code server.tomcat.remoteip.internal-proxies} every private address is (Tomcat's
     * default), so a client inside the cluster or behind a source NAT names a new address with each request.
     */
    private static void warnOfClientLimitsByForgeableAddress(Environment environment, String strategy) {
        if (environment.getProperty("sample.client-limits.records-per-second", Double.class, 0.0) <= 0
                || environment.getProperty("sample.security.enabled", Boolean.class, false)) {
            return;
        }
        String trusted = null;
        if ("framework".equalsIgnoreCase(strategy)) {
            trusted = "SERVER_FORWARD_HEADERS_STRATEGY=framework takes X-Forwarded-For from every client";
        }
        else if ("native".equalsIgnoreCase(strategy)
                && !StringUtils.hasText(environment.getProperty("server.tomcat.remoteip.internal-proxies"))) {
            trusted = "SERVER_FORWARD_HEADERS_STRATEGY=native without SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES takes "
                    + "X-Forwarded-For from every private address (Tomcat's default proxies)";
        }
        if (trusted != null) {
            LoggerFactory.getLogger(ForwardedHeadersConfiguration.class)
                .warn("{}, and without API security a client is its remote address: "
                        + "SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND can be escaped by sending another X-Forwarded-For "
                        + "with each request. Set SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES to your ingress's addresses "
                        + "under native, or turn API security on (clients are then token subjects)", trusted);
        }
    }

}
