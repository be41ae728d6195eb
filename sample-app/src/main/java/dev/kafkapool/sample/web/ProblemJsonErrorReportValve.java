package dev.kafkapool.sample.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it refuses before Spring MVC sees them (an encoded slash,
 * backslash or NUL in the path, a malformed request line), written as
 * {@code application/problem+json} instead of an HTML page, on the API's port and on the
 * actuator's. Reveals no server details.
 */
public final class ProblemJsonErrorReportValve extends ErrorReportValve {

    /** An encoded slash, backslash or NUL: Tomcat refuses each in a path. */
    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("(?i)%(2f|5c|00)");

    /** A percent sign not followed by two hexadecimal digits. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9a-fA-F]{2})");

    public ProblemJsonErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    /** Whether the request's path as sent (not decoded) holds {@code pattern}. */
    private static boolean pathHas(Request request, Pattern pattern) {
        String path;
        try {
            path = request.getRequestURI();
        }
        catch (RuntimeException ex) {
            return false;
        }
        return path != null && pattern.matcher(path).find();
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Answers written by the app itself (including its /error page) are left alone.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = (known != null) ? known.getReasonPhrase() : "Error";
        String detail;
        if (status == 501 || status == 505) {
            // RFC 9112's answers to a transfer coding, method or HTTP version the server does not implement
            detail = "The request uses an HTTP feature the server does not implement (" + title + "), such as a "
                    + "Transfer-Encoding other than chunked, CONNECT, or an HTTP version other than 1.0 and 1.1; nothing "
                    + "reached the application";
        }
        else if (status == 400 && pathHas(request, ENCODED_SEPARATOR)) {
            // said as what it is: the generic text sent a newcomer looking at header sizes for an encoded slash
            detail = "The server refused the request before it reached the application: Bad Request (an encoded "
                    + "slash, backslash or NUL, %2F %5C %00, in the path, which no endpoint takes)";
        }
        else if (status == 400 && pathHas(request, BROKEN_ESCAPE)) {
            detail = "The server refused the request before it reached the application: Bad Request (a broken "
                    + "percent-encoding in the path: % must be followed by two hexadecimal digits)";
        }
        else if (status == 400) {
            // Tomcat answers these itself, and says nothing of which it was
            detail = "The server refused the request before it reached the application: Bad Request (a malformed "
                    + "request line or header, or request headers larger than the server takes: 8KB in all by "
                    + "default, SERVER_MAX_HTTP_REQUEST_HEADER_SIZE)";
        }
        else {
            detail = (status < 500) ? "The server refused the request before it reached the application: " + title
                    : "The server failed to answer the request";
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The connection is gone or the response is committed: nothing left to tell the client.
        }
    }

}
