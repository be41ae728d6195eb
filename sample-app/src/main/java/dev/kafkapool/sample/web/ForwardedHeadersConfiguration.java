package dev.kafkapool.sample.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * With {@code server.forward-headers-strategy=none} (the sample's setting) the {@code Forwarded} and
 * {@code X-Forwarded-*} headers are taken off every request before anything reads them, so that "ignored"
 * holds for every reader: springdoc builds Swagger UI's URLs from them whatever the strategy says
 * ({@code X-Forwarded-Proto: gopher} made its OAuth2 redirect a {@code gopher://} URL), and a malformed one
 * ({@code X-Forwarded-Port: abc}) failed the request with a 500 whose logged message listed every request
 * header, a bearer token and cookies among them. With {@code native} or {@code framework} (behind a trusted
 * ingress) Spring Boot's own handling applies and this filter is not there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "server.forward-headers-strategy", havingValue = "none")
class ForwardedHeadersConfiguration {

    @Bean
    FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeadersRemovingFilter() {
        ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
        filter.setRemoveOnly(true);
        FilterRegistrationBean<ForwardedHeaderFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        // before every other filter, Spring Security's among them
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

}
