package dev.kafkapool.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses an API request whose path carries a path parameter (a segment such as
 * {@code demo;x=1}). Tomcat and Spring MVC drop such parameters before a path variable is read,
 * so {@code POST /api/v1/topics/demo;x=1/records} would publish to {@code demo}: another topic
 * than the one the URL names, which no Kafka topic name can contain. Spring Security's firewall
 * refuses these paths too; this check holds with the API's security off. An encoded semicolon
 * ({@code %3B}) is part of its segment and is refused as an illegal topic name.
 */
final class PathParametersInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // the request URI as sent, not decoded: a literal ';' is a path parameter
        if (request.getRequestURI().indexOf(';') >= 0) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "The path has a path parameter (';'), which this API does not take and "
                            + "no topic name can contain; send the path without it"),
                    null);
        }
        return true;
    }

}
