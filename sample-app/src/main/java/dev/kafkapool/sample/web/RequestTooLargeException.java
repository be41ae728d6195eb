package dev.kafkapool.sample.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request over one of the sample's limits (body size, record count, headers of a record):
 * answered 413 with a problem detail that names the limit.
 */
public final class RequestTooLargeException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    /**
     * @param detail what was too large, and the limit, for the client to read
     */
    public RequestTooLargeException(String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail),
                null);
    }

}
