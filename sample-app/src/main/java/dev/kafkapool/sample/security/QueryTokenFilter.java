package dev.kafkapool.sample.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request with an {@code access_token} in its query as {@code invalid_request} (a 400 with
 * {@code WWW-Authenticate}), before Spring Security's filters see it: a token in a URL ends up in access logs, beside
 * a header it was silently ignored, and Spring Security's DEBUG line ({@code Securing POST /api/...?access_token=...})
 * wrote the whole token to the application's log before the request was refused. Not on the management port's server.
 */
final class QueryTokenFilter extends OncePerRequestFilter {

    private final ProblemAuthenticationHandlers handlers;

    QueryTokenFilter(ProblemAuthenticationHandlers handlers) {
        this.handlers = handlers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasQueryToken(request.getQueryString()) && ApiSecurityConfiguration.onTheApisServer().matches(request)
                && ApiScopes.API.matches(request)) {
            this.handlers.commence(request, response, new OAuth2AuthenticationException(BearerTokenErrors
                .invalidRequest("A token in the URL's query (access_token) is not accepted: send it in the Authorization header")));
            return;
        }
        chain.doFilter(request, response);
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
