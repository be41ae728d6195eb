package dev.kafkapool.sample.web;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors that reach {@code /error} are problem details with the error's status. */
class ProblemErrorControllerTests {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void anErrorDispatchIsAProblemWithItsStatusAndPath() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/topics/x/records");

        ResponseEntity<ProblemDetail> response = this.controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().getStatus()).isEqualTo(400);
        assertThat(response.getBody().getProperties()).containsEntry("path", "/api/v1/topics/x/records");
        // the request refused, not the error page that answers it
        assertThat(response.getBody().getInstance()).hasToString("/api/v1/topics/x/records");
    }

    @Test
    void aPathThatWouldReadAsAnotherHostIsNoInstance() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "//evil.example/x");

        assertThat(this.controller.error(request).getBody().getInstance()).isNull();
    }

    @Test
    void aPathWithControlCharactersIsNotEchoed() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/a\u001b[31mred");

        assertThat(this.controller.error(request).getBody().getProperties()).isNull();
    }

    @Test
    void aFailureWithoutAKnownStatusIsA500() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 999);

        assertThat(this.controller.error(request).getStatusCode().value()).isEqualTo(500);
    }

    @Test
    void askingForErrorItselfIsA404() {
        assertThat(this.controller.error(new MockHttpServletRequest("GET", "/error")).getStatusCode().value())
            .isEqualTo(404);
    }

}
