package dev.kafkapool.sample.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Spring's {@link ForwardedHeaderFilter}, and a 400 problem for a request whose forwarded prefix makes its path
 * unreadable. Spring's filter refuses a malformed {@code Forwarded} host or port itself, but applies an
 * {@code X-Forwarded-Prefix} unchecked as the request's context path, and the request failed only where its path was
 * read ({@code /%zz}: an invalid percent-encoding; {@code http://x}: not a path), each a 500 with a stack trace in the
 * log, before authentication. The path is read here the two ways Spring reads it, and a failure is the client's.
 */
final class CheckedForwardedHeaderFilter extends ForwardedHeaderFilter {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    /** Whether the headers are only taken off: then no prefix is applied, and the path is the container's. */
    private boolean removeOnly;

    @Override
    public void setRemoveOnly(boolean removeOnly) {
        super.setRemoveOnly(removeOnly);
        this.removeOnly = removeOnly;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        super.doFilterInternal(request, response, (forwarded, answer) -> {
            if (this.removeOnly || hasReadablePath((HttpServletRequest) forwarded)) {
                chain.doFilter(forwarded, answer);
            }
            else {
                FilterProblems.write((HttpServletResponse) answer, HttpStatus.BAD_REQUEST,
                        "The X-Forwarded-Prefix header is not a path (it must be empty or start with /, with every % "
                                + "followed by two hex digits); nothing was published.");
            }
        });
    }

    private static boolean hasReadablePath(HttpServletRequest request) {
        try {
            PATHS.getPathWithinApplication(request);
            RequestPath.parse(request.getRequestURI(), request.getContextPath());
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

}
