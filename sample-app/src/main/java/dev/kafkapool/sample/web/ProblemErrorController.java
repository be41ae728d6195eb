package dev.kafkapool.sample.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Answers errors that never reached a controller (a URL the servlet container refused, a failure
 * in a filter) with a problem detail as well, in place of Spring Boot's default error body, so a
 * client sees {@code application/problem+json} for every error.
 */
@Hidden
@RestController
final class ProblemErrorController implements ErrorController {

    /**
     * Written as it is, without content negotiation: the request's {@code Accept} header may be what cannot be read
     * ({@code *}{@code /json}, a {@code TRACE} that Tomcat refused before any filter ran), and negotiating it made the
     * answer a 406 with no body at all.
     */
    @RequestMapping(path = "${spring.web.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = problem(request, "the API");
        if (problem.getInstance() == null && request.getDispatcherType() != DispatcherType.ERROR) {
            // the error path asked for itself
            problem.setInstance(instance(request.getRequestURI()));
        }
        if (!response.isCommitted()) {
            response.resetBuffer();
            FilterProblems.write(response, problem);
        }
    }

    /**
     * The problem for an error dispatch ({@code where}: what the request did not reach, named in a
     * 4xx's detail), or a 404 for a request of the error path itself. The actuator's own port
     * answers with it as well ({@link ManagementErrorProblemFilter}).
     */
    static ProblemDetail problem(HttpServletRequest request, String where) {
        HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (status == HttpStatus.REQUEST_TIMEOUT) {
            // Tomcat's own answer when a body stalls past its connection timeout (server.tomcat.connection-timeout):
            // the request had reached the API, which was waiting for the rest of it
            problem.setDetail("The request body stopped coming before its end (the server's connection timeout, "
                    + "SERVER_TOMCAT_CONNECTION_TIMEOUT, ran out); nothing was published. Send it again.");
        }
        else if (status.is4xxClientError()) {
            problem.setDetail("The request was refused before it reached " + where + ": " + status.getReasonPhrase());
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && isPrintable(path)) {
            problem.setProperty("path", path);
            // the request refused, not this error page
            problem.setInstance(instance(path));
        }
        return problem;
    }

    private static HttpStatus status(Object code) {
        if (code == null) {
            // Not an error dispatch: someone asked for /error itself, and there is nothing there.
            return HttpStatus.NOT_FOUND;
        }
        HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
        return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /**
     * {@code path} as a URI reference, or {@code null} (no instance member) when it is none (a request line Tomcat
     * took raw).
     */
    static URI instance(String path) {
        if (!path.startsWith("/") || path.startsWith("//")) {
            // "//host/x" would read as a reference to another host
            return null;
        }
        try {
            return new URI(path);
        }
        catch (URISyntaxException ex) {
            return null;
        }
    }

    private static boolean isPrintable(String text) {
        return text.length() <= 512 && text.chars().allMatch((c) -> c >= 0x20 && c != 0x7f);
    }

}
