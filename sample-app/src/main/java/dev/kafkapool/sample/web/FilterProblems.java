package dev.kafkapool.sample.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The problem detail a servlet filter answers with itself, before Spring MVC (and its
 * {@link ProblemResponses}) is reached. The detail is the filter's own text; what it names of the
 * request (a {@code Content-Type} parameter's name) is quoted as JSON, by Jackson's encoder.
 */
final class FilterProblems {

    private FilterProblems() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        write(request, response, status, detail, "");
    }

    /**
     * With more members after {@code detail}: {@code members} is JSON of the filter's own (",\"reason\":\"X\"").
     * The {@code instance} is the request's path, as in the problems Spring MVC answers with.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
            String members) throws IOException {
        send(response, status.value(), "{\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":" + quoted(detail) + ",\"instance\":" + quoted(request.getRequestURI()) + members + "}");
    }

    /** {@code problem} as it is, with its properties' values as JSON strings. */
    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        StringBuilder json = new StringBuilder("{\"title\":").append(quoted(problem.getTitle()))
            .append(",\"status\":").append(problem.getStatus());
        if (problem.getDetail() != null) {
            json.append(",\"detail\":").append(quoted(problem.getDetail()));
        }
        if (problem.getInstance() != null) {
            json.append(",\"instance\":").append(quoted(problem.getInstance().toString()));
        }
        if (problem.getProperties() != null) {
            problem.getProperties()
                .forEach((name, value) -> json.append(',').append(quoted(name)).append(':').append(quoted(String.valueOf(value))));
        }
        send(response, problem.getStatus(), json.append('}').toString());
    }

    private static void send(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] problem = json.getBytes(StandardCharsets.UTF_8);
        // its length: a problem sent on a connection that then closes is complete without waiting for the close
        response.setContentLength(problem.length);
        response.getOutputStream().write(problem);
    }

    /** {@code text} as a JSON string: a detail may name what the client sent (a Content-Type parameter, say). */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        return json.append('"').toString();
    }

}
