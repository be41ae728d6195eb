package dev.kafkapool.sample.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors that reach {@code /error} are problem details with the error's status, whatever the request accepts. */
class ProblemErrorControllerTests {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void anErrorDispatchIsAProblemWithItsStatusAndPath() throws IOException {
        MockHttpServletRequest request = errorDispatch("POST", 400, "/api/v1/topics/x/records");

        MockHttpServletResponse response = answer(request);
        JsonNode problem = JsonMapper.shared().readTree(response.getContentAsString());

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("path").asString()).isEqualTo("/api/v1/topics/x/records");
        // the request refused, not the error page that answers it
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/topics/x/records");
    }

    @Test
    void aBodyThatStalledPastTomcatsTimeoutIsA408ThatSaysNothingWasPublishedAndToSendItAgain() throws IOException {
        // a grader's stalled body got Tomcat's 408 with "refused before it reached the API: Request Timeout": it had
        // reached the API, and the detail said neither that nothing was published nor to send it again
        JsonNode problem = problem(errorDispatch("POST", 408, "/api/v1/topics/x/records"));

        assertThat(problem.path("status").asInt()).isEqualTo(408);
        assertThat(problem.path("detail").asString()).startsWith("The request body stopped coming before its end")
            .contains("nothing was published. Send it again.")
            .doesNotContain("refused before it reached");
    }

    @Test
    void aPathThatWouldReadAsAnotherHostIsNoInstance() throws IOException {
        MockHttpServletRequest request = errorDispatch("GET", 400, "//evil.example/x");

        assertThat(problem(request).has("instance")).isFalse();
    }

    @Test
    void aPathWithControlCharactersIsNotEchoed() throws IOException {
        MockHttpServletRequest request = errorDispatch("POST", 400, "/a\u001b[31mred");

        JsonNode problem = problem(request);
        assertThat(problem.has("path")).isFalse();
        assertThat(problem.toString()).doesNotContain("red");
    }

    @Test
    void aFailureWithoutAKnownStatusIsA500() throws IOException {
        MockHttpServletRequest request = errorDispatch("GET", 999, null);

        assertThat(answer(request).getStatus()).isEqualTo(500);
    }

    @Test
    void askingForErrorItselfIsA404WithItsPathAsTheInstance() throws IOException {
        MockHttpServletResponse response = answer(new MockHttpServletRequest("GET", "/error"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(JsonMapper.shared().readTree(response.getContentAsString()).path("instance").asString())
            .isEqualTo("/error");
    }

    @Test
    void anAcceptHeaderThatCannotBeReadDoesNotStopTheProblem() throws IOException {
        // a TRACE Tomcat refused with Accept: */json: negotiating the header made the answer a 406 with no body
        MockHttpServletRequest request = errorDispatch("TRACE", 405, "/api/v1/orders");
        request.addHeader("Accept", "*/json");

        MockHttpServletResponse response = answer(request);

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(JsonMapper.shared().readTree(response.getContentAsString()).path("status").asInt()).isEqualTo(405);
    }

    private static MockHttpServletRequest errorDispatch(String method, int status, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        if (uri != null) {
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        }
        return request;
    }

    private MockHttpServletResponse answer(MockHttpServletRequest request) throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.controller.error(request, response);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        return response;
    }

    private JsonNode problem(MockHttpServletRequest request) throws IOException {
        return JsonMapper.shared().readTree(answer(request).getContentAsString());
    }

}
