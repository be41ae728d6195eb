package dev.kafkapool.sample.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * The {@code Forwarded} and {@code X-Forwarded-*} headers are taken off every request of the API's port before
 * anything reads them, unless {@code server.forward-headers-strategy} is {@code framework} (Spring's filter then
 * applies them itself, and answers a malformed one with a 400). springdoc builds Swagger UI's URLs from them
 * whatever the strategy says ({@code X-Forwarded-Proto: gopher} made its OAuth2 redirect a {@code gopher://} URL),
 * and a malformed one ({@code X-Forwarded-Port: abc}, {@code Forwarded: host="a:x"}) failed the request with a 500
 * whose logged message listed every request header, a bearer token and cookies among them. With {@code none} (the
 * sample's setting) nothing uses them; with {@code native} (behind a trusted ingress) Tomcat has applied what it
 * trusts before this filter runs, and what is left (a {@code Forwarded} header an ingress passed on, say) is
 * removed: springdoc's URLs do not take an {@code X-Forwarded-Prefix}. The management port's server reads none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${server.forward-headers-strategy:none}'.equalsIgnoreCase('framework')")
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
