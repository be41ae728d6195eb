package dev.kafkapool.sample.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as {@code application/problem+json}, like every other error of the API, with the
 * {@code WWW-Authenticate} header of RFC 6750 that Spring Security's bearer-token handlers set
 * ({@code error="invalid_token"} or {@code error="insufficient_scope"}).
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();

    private final BearerTokenAccessDeniedHandler accessDenied = new BearerTokenAccessDeniedHandler();

    private final JsonMapper jsonMapper;

    ProblemAuthenticationHandlers(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        this.entryPoint.commence(request, response, ex);
        String detail = (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() != null
                && oauth.getError().getDescription() != null)
                        ? "The bearer token is not accepted: " + oauth.getError().getDescription()
                        : "A bearer token (Authorization: Bearer <JWT>) is required";
        write(request, response, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        this.accessDenied.handle(request, response, ex);
        write(request, response, "The token's scopes do not allow this request: publishing to topic t needs "
                + ApiScopes.PUBLISH_PREFIX + "t (or " + ApiScopes.PUBLISH_ANY + "), placing orders needs "
                + ApiScopes.ORDERS);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        HttpStatus status = HttpStatus.valueOf(response.getStatus());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
    }

}
