package dev.kafkapool.sample.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UrlPathHelper;

/**
 * Spring's {@link ForwardedHeaderFilter}, and a 400 problem for a request whose forwarded headers make its path or
 * URL unreadable. Spring's filter refuses a malformed {@code Forwarded} port itself, but applies a prefix, a host and
 * a scheme unchecked, and the request failed only where its path or URL was read ({@code X-Forwarded-Prefix: /%zz}
 * or {@code http://x}, {@code X-Forwarded-Host: a b}, {@code X-Forwarded-Proto: %zz}), each a 500 with a stack trace
 * in the log, before authentication. Path and URL are read here as Spring, Spring Security and springdoc read them,
 * and a failure is the client's. Only when the headers are applied ({@code framework}).
 */
final class CheckedForwardedHeaderFilter extends ForwardedHeaderFilter {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    /** Empty, or segments each a {@code /} and RFC 3986 path characters (unreserved, sub-delims, {@code :@%}). */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*)*");

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
                FilterProblems.write(request, (HttpServletResponse) answer, HttpStatus.BAD_REQUEST,
                        "The forwarded headers do not make a URL: X-Forwarded-Prefix must be empty or a path that "
                                + "starts with a single /, of ASCII path characters (no ?, # or space; others "
                                + "percent-encoded) and without . or .. segments, X-Forwarded-Proto http or https, X-Forwarded-Host (or "
                                + "Forwarded's host) a host name, each with every % followed by two hex digits; "
                                + "nothing was published.");
            }
        });
    }

    /**
     * Whether {@code prefix} is a path a URL can be built on: ASCII path characters only (RFC 3986's
     * {@code pchar}, percent-encoding included), so no {@code ?} or {@code #} (an order's
     * {@code Location} on {@code /a#b} became {@code /<id>}: the rest a fragment), no raw non-ASCII
     * (encoded twice on its way out), and no {@code .} or {@code ..} segment (a {@code Location} of
     * {@code /../b/api/...}), encoded as {@code %2e} or not.
     */
    static boolean isPathOfSegments(String prefix) {
        if (!PATH.matcher(prefix).matches()) {
            return false;
        }
        String dotted = (prefix.replace("%2e", ".").replace("%2E", ".") + "/");
        return !dotted.contains("/./") && !dotted.contains("/../");
    }

    /**
     * Whether the request's path and URL, as the forwarded headers make them, read as Spring, Spring Security and
     * springdoc read them: the path decoded, the prefix a context path (and not one that starts with {@code //}: a
     * redirect to it would leave the site), the scheme http or https, the URL one that Java's and Spring's parsers
     * take ({@code X-Forwarded-Host: a b} made Spring Security's 401 a 500 before authentication) and its
     * percent-encoding whole ({@code X-Forwarded-Proto: %zz} failed springdoc's decoding).
     */
    private static boolean hasReadablePath(HttpServletRequest request) {
        try {
            PATHS.getPathWithinApplication(request);
            String prefix = request.getContextPath();
            RequestPath.parse(request.getRequestURI(), prefix);
            String scheme = request.getScheme();
            if (prefix.startsWith("//") || !isPathOfSegments(prefix)
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return false;
            }
            String url = request.getRequestURL().toString();
            new URI(url);
            UriComponentsBuilder.fromUriString(url).build();
            URLDecoder.decode(url, StandardCharsets.UTF_8);
            return true;
        }
        catch (IllegalArgumentException | URISyntaxException ex) {
            return false;
        }
    }

}
