package dev.kafkapool.sample.security;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's bearer token resolver, which reads the first {@code Authorization} header, with
 * a request that carries more than one refused as {@code invalid_request} (a 400): a proxy in front
 * that checks another of them than the first must not see a different caller than the API does.
 */
final class SingleBearerTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        if (headers != null && headers.hasMoreElements()) {
            headers.nextElement();
            if (headers.hasMoreElements()) {
                throw new OAuth2AuthenticationException(
                        BearerTokenErrors.invalidRequest("Found more than one Authorization header"));
            }
        }
        return this.resolver.resolve(request);
    }

}
