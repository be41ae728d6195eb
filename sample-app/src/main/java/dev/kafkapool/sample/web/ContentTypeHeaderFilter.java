package dev.kafkapool.sample.web;

import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

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
 * the first, and a proxy in front of the app might take the last and judge the body by another type;
 * and one whose {@code Content-Type} names a parameter twice ({@code charset}), which Spring would
 * take the last of.
 */
public final class ContentTypeHeaderFilter extends OncePerRequestFilter implements Ordered {

    /** Right after {@link AcceptHeaderFilter}, before Spring Security's filters. */
    public static final int ORDER = AcceptHeaderFilter.ORDER + 1;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ApiPaths.isApi(request) && Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE)).size() > 1) {
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST,
                    "The request has more than one Content-Type header; send one. Nothing was published.");
            return;
        }
        String repeated = ApiPaths.isApi(request) ? repeatedParameter(request.getContentType()) : null;
        if (repeated != null) {
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST, "The Content-Type header names its parameter '"
                    + repeated + "' more than once (RFC 6838 4.3: an error, not last-wins); name it once. "
                    + "Nothing was published.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The first parameter name (lower case) that {@code contentType} gives twice, or {@code null}: Spring keeps the
     * last ({@code charset=utf-8; charset=iso-8859-1} read a UTF-8 body as Latin-1, and published it garbled). A
     * {@code ;} inside a quoted value separates nothing.
     */
    static String repeatedParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        Set<String> names = new HashSet<>();
        boolean quoted = false;
        int start = -1;
        for (int i = 0; i <= contentType.length(); i++) {
            char c = (i < contentType.length()) ? contentType.charAt(i) : ';';
            if (quoted) {
                if (c == '\\') {
                    i++;
                }
                else if (c == '"') {
                    quoted = false;
                }
            }
            else if (c == '"') {
                quoted = true;
            }
            else if (c == ';') {
                if (start >= 0) {
                    String parameter = contentType.substring(start, Math.min(i, contentType.length()));
                    int equals = parameter.indexOf('=');
                    String name = ((equals >= 0) ? parameter.substring(0, equals) : parameter).trim()
                        .toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !names.add(name)) {
                        return name;
                    }
                }
                start = i + 1;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
