package dev.kafkapool.sample.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * <li>so is one with an {@code access_token} in its query: a token in a URL ends up in access logs,
 * and beside a header it was silently ignored.</li>
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
        if (hasQueryToken(request.getQueryString())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors
                .invalidRequest("A token in the URL's query (access_token) is not accepted: send it in the Authorization header"));
        }
        return this.resolver.resolve(request);
    }

    private static boolean hasQueryToken(String query) {
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            String name = parameter.split("=", 2)[0];
            try {
                // as the servlet container decodes it: acc%65ss_token is access_token too
                if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals("access_token")) {
                    return true;
                }
            }
            catch (IllegalArgumentException ex) {
                // a broken percent-encoding: the request is refused as such before it gets here
            }
        }
        return false;
    }

}
