package dev.kafkapool.sample.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The problem detail a servlet filter answers with itself, before Spring MVC (and its
 * {@link ProblemResponses}) is reached. The detail is the filter's own text, never the client's.
 */
final class FilterProblems {

    private FilterProblems() {
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, status, detail, "");
    }

    /** With more members after {@code detail}: {@code members} is JSON of the filter's own (",\"reason\":\"X\""). */
    static void write(HttpServletResponse response, HttpStatus status, String detail, String members)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
            .write("{\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\""
                    + detail + "\"" + members + "}");
    }

}
