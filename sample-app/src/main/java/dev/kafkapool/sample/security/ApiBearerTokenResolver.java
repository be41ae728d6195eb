package dev.kafkapool.sample.security;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's bearer token resolver, which reads the first {@code Authorization} header, for the
 * API's paths only:
 * <ul>
 * <li>outside {@code /api/**} no token is read: the OpenAPI document, Swagger UI, error pages and the
 * management port (actuator probes, Prometheus) need none, and a token the API does not accept there
 * (a Kubernetes service account's, sent by a scraper) made them answer 401;</li>
 * <li>a request that carries more than one {@code Authorization} header is refused as
 * {@code invalid_request} (a 400): a proxy in front that checks another of them than the first must
 * not see a different caller than the API does;</li>
 * <li>one with an {@code access_token} in its query never gets here: {@link QueryTokenFilter} refuses it
 * before Spring Security's filters, which log the query at DEBUG.</li>
 * </ul>
 */
final class ApiBearerTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        if (!ApiScopes.API.matches(request)) {
            return null;
        }
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
