package dev.kafkapool.sample.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.publisher.TopicNames;
import dev.kafkapool.sample.api.TopicPathCheck;

/**
 * 401 and 403 as {@code application/problem+json}, like every other error of the API, with the
 * {@code WWW-Authenticate} header of RFC 6750 that Spring Security's bearer-token handlers set
 * ({@code error="invalid_token"} or {@code error="insufficient_scope"}).
 *
 * <p>A token that cannot be checked at all, because the issuer's keys cannot be fetched (its
 * OpenID configuration or JSON Web Key set is unreachable), is a 503 with {@code Retry-After}: the
 * client did nothing wrong, and the server is not broken either. Spring Security's own handling
 * rethrows that failure, which made every request carrying a token a 500 with a stack trace in the
 * log while the issuer was down; here it is logged once a minute, without one.
 */
final class ProblemAuthenticationHandlers
        implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private static final Logger logger = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

    /** {@code Retry-After} of a 503 for a token that cannot be checked now. */
    static final long ISSUER_RETRY_AFTER_SECONDS = 5;

    private static final long ISSUER_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** When the issuer's outage was last logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong issuerLogged = new AtomicLong(Long.MIN_VALUE);

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

    /** The bearer-token filter's failures: 503 when the token could not be checked, else as {@link #commence}. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException ex) throws IOException {
        if (!(ex instanceof AuthenticationServiceException)) {
            commence(request, response, ex);
            return;
        }
        long now = System.nanoTime();
        long last = this.issuerLogged.get();
        if ((last == Long.MIN_VALUE || now - last >= ISSUER_LOG_INTERVAL_NANOS)
                && this.issuerLogged.compareAndSet(last, now)) {
            logger.warn("Bearer tokens cannot be checked: {}. The token issuer's configuration or key set cannot be read "
                    + "(not reachable, not trusted, or not what the settings say: the message says which); "
                    + "requests with a token are answered 503 until it can (logged once a minute)",
                    NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
        }
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ISSUER_RETRY_AFTER_SECONDS));
        write(request, response, "The bearer token cannot be checked now: the token issuer's keys cannot be "
                + "fetched. Retry after " + ISSUER_RETRY_AFTER_SECONDS + " s.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        String topic = publishTopic(request);
        if (topic != null && !TopicNames.isLegal(topic)) {
            // no scope names it, and no topic has it: the same 400 as for a client that may publish anywhere
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            write(request, response, TopicPathCheck.illegalNameDetail(topic));
            return;
        }
        this.accessDenied.handle(request, response, ex);
        write(request, response, "The token's scopes do not allow this request: " + neededScope(request, topic));
    }

    /** The topic of a publishing request's path, as the authorization rules match it; {@code null} for another path. */
    private static String publishTopic(HttpServletRequest request) {
        for (PathPatternRequestMatcher publish : ApiScopes.PUBLISH) {
            RequestMatcher.MatchResult match = publish.matcher(request);
            if (match.isMatch()) {
                return match.getVariables().get("topic");
            }
        }
        return null;
    }

    /** The scope the request's path needs: for publishing, to its {@code topic} (a legal name: an illegal one is a 400). */
    private static String neededScope(HttpServletRequest request, String topic) {
        if (topic != null) {
            return "publishing to topic " + topic + " needs " + ApiScopes.PUBLISH_PREFIX + topic + " (or "
                    + ApiScopes.PUBLISH_ANY + ")";
        }
        if (ApiScopes.ORDERS_API.matches(request)) {
            return "the orders API needs " + ApiScopes.ORDERS;
        }
        return "publishing to topic t needs " + ApiScopes.PUBLISH_PREFIX + "t (or " + ApiScopes.PUBLISH_ANY
                + "), placing orders needs " + ApiScopes.ORDERS;
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
