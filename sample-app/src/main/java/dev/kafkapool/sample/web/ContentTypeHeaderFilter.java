package dev.kafkapool.sample.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request with more than one {@code Content-Type} header (400): Spring would take
 * the first, and a proxy in front of the app might take the last and judge the body by another type.
 */
public final class ContentTypeHeaderFilter extends OncePerRequestFilter implements Ordered {

    /** Right after {@link AcceptHeaderFilter}, before Spring Security's filters. */
    public static final int ORDER = AcceptHeaderFilter.ORDER + 1;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ApiPaths.isApi(request) && Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE)).size() > 1) {
            FilterProblems.write(response, HttpStatus.BAD_REQUEST,
                    "The request has more than one Content-Type header; send one. Nothing was published.");
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
