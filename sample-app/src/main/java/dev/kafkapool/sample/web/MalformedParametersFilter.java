package dev.kafkapool.sample.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request whose parameters Tomcat cannot decode ({@code ?wait=%ZZ}, a form body with a
 * broken escape, more parameters than Tomcat takes) with a {@code 400} problem detail, before any
 * other filter or controller reads them. Tomcat parses the parameters on first use and throws from
 * there, wherever that is (a controller's {@code @RequestParam}, a security filter, an actuator
 * endpoint), which made such a request a 500 with a stack trace in the log. Runs first, on the
 * API's port and on the actuator's. On the API, a parameter given twice is a {@code 400} as well
 * (Spring would take the first and drop the other), and so is one the API does not take.
 */
public final class MalformedParametersFilter extends OncePerRequestFilter implements Ordered {

    /** Before Spring Security's filters (-100), which read parameters too. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    /** The words Spring takes for a boolean, and only them: not trimmed, any case. */
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|1|0|yes|no|on|off");

    /** The API's one query parameter. */
    private static final String WAIT = "wait";

    /** RFC 6750's query parameter for a bearer token, which the API's security refuses with a 400 of its own. */
    private static final String ACCESS_TOKEN = "access_token";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && isForm(request.getContentType())) {
            // no endpoint of either port takes a form (the API takes JSON only, a 415 either way), and reading the
            // parameters would read its body: one that stopped short of its Content-Length held the request until
            // Tomcat closed the connection with no answer. Before authentication, as nothing of it is read
            FilterProblems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "No endpoint here takes a form "
                    + "(application/x-www-form-urlencoded): the API takes application/json. The body was not read and "
                    + "nothing was published.");
            return;
        }
        try {
            request.getParameterMap();
        }
        catch (InvalidParameterException ex) {
            int code = ex.getErrorCode();
            HttpStatus status = (code >= 400 && code < 500 && HttpStatus.resolve(code) != null) ? HttpStatus.valueOf(code)
                    : HttpStatus.BAD_REQUEST;
            FilterProblems.write(request, response, status, "The request's parameters (its query string, or an "
                    + "application/x-www-form-urlencoded body) cannot be decoded: a broken percent-encoding, or more "
                    + "or larger parameters than the server takes; nothing was published.");
            return;
        }
        if (ApiPaths.isApi(request) && repeatsAQueryParameter(request.getQueryString())) {
            // ?wait=false&wait=true: refused, not first-wins, like a name twice in a JSON body
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST,
                    "A query parameter is given more than once; give each once. Nothing was published.");
            return;
        }
        String unknown = ApiPaths.isApi(request) ? unknownQueryParameter(request.getQueryString()) : null;
        if (unknown != null) {
            // ?Wait=true was taken without its meaning (a 202 where the client asked to wait for the offsets), as any
            // name the API does not take: refused, like an unknown name in a JSON body
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST, "The query parameter '" + unknown
                    + "' is not one the API takes" + (unknown.equalsIgnoreCase(WAIT) ? " (names are case-sensitive: wait)"
                            : "") + "; the only one is wait, of POST /api/v1/topics/{topic}/records; nothing was "
                    + "published.");
            return;
        }
        String wait = ApiPaths.isApi(request) ? request.getParameter(WAIT) : null;
        if (wait != null && !BOOLEAN.matcher(wait).matches()) {
            // Spring's conversion would strip spaces and control characters around it (wait=true%00 as true)
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST, "The query parameter wait must be true or false "
                    + "(1/0, yes/no and on/off are taken too), with nothing around it. Nothing was published.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The first name in the query string other than {@code wait}, cut to 64 printable characters, or {@code null};
     * {@code null} too when the query holds an {@code access_token}, which the API's security answers with its own
     * 400 (a token belongs in the Authorization header).
     */
    private static String unknownQueryParameter(String query) {
        if (query == null) {
            return null;
        }
        String unknown = null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded((equals < 0) ? pair : pair.substring(0, equals));
            if (ACCESS_TOKEN.equals(name)) {
                return null;
            }
            if (unknown == null && !name.isEmpty() && !WAIT.equals(name)) {
                String shown = name.codePoints().filter((c) -> c >= 0x20 && c != 0x7f && c != '\'' && c != '"')
                    .limit(64).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
                unknown = shown.isEmpty() ? "?" : shown;
            }
        }
        return unknown;
    }

    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return raw;
        }
    }

    /** Whether {@code contentType} is a form's, whose body Tomcat parses for parameters (on a POST). */
    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = ((semicolon < 0) ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /** Whether the query string gives a name twice (a form body's parameters are not counted: such a body is a 415). */
    private static boolean repeatsAQueryParameter(String query) {
        if (query == null) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded((equals < 0) ? pair : pair.substring(0, equals));
            if (!name.isEmpty() && !names.add(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
