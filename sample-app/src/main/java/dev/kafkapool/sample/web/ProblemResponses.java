package dev.kafkapool.sample.web;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.kafkapool.publisher.DeliveryFailedException;
import dev.kafkapool.publisher.PublishRejectedException;

/**
 * Turns every failure of a request into an {@code application/problem+json} answer (RFC 9457):
 * Spring MVC's own exceptions through {@link ResponseEntityExceptionHandler}, with clearer details
 * for unreadable and invalid bodies; the pool's refusals by their reason (429 with
 * {@code Retry-After}: the configured one for a full queue, the computed one for a rate), 404, 413, 503); anything unexpected as a 500 that is logged. Bad input is
 * never a 500.
 */
@RestControllerAdvice
final class ProblemResponses extends ResponseEntityExceptionHandler {

    /** Spring Boot's health endpoint, whose assertion a health path deeper than its groups fails. */
    private static final String HEALTH_ENDPOINT_SUPPORT = "org.springframework.boot.health.actuate.endpoint.HealthEndpointSupport";

    private static final Logger logger = LoggerFactory.getLogger(ProblemResponses.class);

    private final SampleHttpProperties properties;

    ProblemResponses(SampleHttpProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(PublishRejectedException.class)
    ResponseEntity<ProblemDetail> publishRejected(PublishRejectedException ex) {
        HttpHeaders headers = new HttpHeaders();
        ProblemDetail problem = switch (ex.reason()) {
            case QUEUE_FULL -> {
                long seconds = retryAfter(headers);
                yield ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                        "The publisher's queue is full; nothing was queued. Retry after " + seconds + " s.");
            }
            case JOURNAL_FULL -> {
                long seconds = retryAfter(headers);
                yield ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                        "The publisher's journal cannot take more records now: its bound (KAFKA_JOURNAL_MAX_BYTES) "
                                + "until the broker takes what it holds, or its disk (full, its directory not "
                                + "writable, or its fsync failing: the app's log and health say which); nothing was "
                                + "queued. Retry after "
                                + seconds + " s.");
            }
            case DISABLED -> ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "Kafka is disabled in this app (KAFKA_ENABLED=false); nothing was published.");
            case SHUTTING_DOWN -> ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The app is shutting down; nothing was queued. Retry on another instance.");
            case TOPIC_NOT_ALLOWED -> ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "The topic is not one this app may publish to (KAFKA_TOPICS); nothing was queued.");
            case RATE_LIMITED -> {
                ProblemDetail limited = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
                long seconds = RetryAfter.set(headers, limited, ex.retryAfter().orElse(this.properties.getRetryAfter()));
                limited.setDetail("The topic is at its rate (KAFKA_TOPIC_LIMITS_<TOPIC>_*); nothing was queued. Retry "
                        + "after " + seconds + " s.");
                yield limited;
            }
            // which bound, and how large it is: the five it could be do not tell a client how to split its request
            case TOO_LARGE -> ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request is larger than the publisher can ever take: " + ex.detail() + "; nothing was queued.");
        };
        problem.setProperty("reason", ex.reason().name());
        logger.debug("Publish rejected: {}", ex.getMessage());
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    /** Sets {@code Retry-After} from {@code sample.http.retry-after}, whole seconds rounded up. */
    private long retryAfter(HttpHeaders headers) {
        long seconds = RetryAfter.configuredSeconds(this.properties.getRetryAfter());
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return seconds;
    }

    @ExceptionHandler(DeliveryFailedException.class)
    ResponseEntity<ProblemDetail> deliveryFailed(DeliveryFailedException ex) {
        // The pool's message names the topic and key, never the value.
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler({ UnsupportedCharsetException.class, IllegalCharsetNameException.class })
    ResponseEntity<ProblemDetail> unsupportedCharset(IllegalArgumentException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported charset in Content-Type; send UTF-8 JSON (application/json)");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * A parameter's or header's name or value that Spring Security's firewall refuses (a control character, a
     * character outside Unicode), found only when something reads it: Spring MVC's {@code params} conditions, an
     * actuator endpoint, a redirect. Its checks of names and values are lazy, so the exception comes from within the
     * servlet, past the security filter's own rejection handler, and was a 500 with the stack trace logged at ERROR.
     * Its message quotes the name or value, which may be a form body's text (a record's sensitive value): never
     * logged, never answered.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> requestRejected(RequestRejectedException ex) {
        logger.debug("A request refused by Spring Security's firewall when a parameter or header of it was read");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "A parameter's name, or a "
                + "header's name or value, holds a character this server refuses (a control character, or one that is "
                + "no Unicode character); nothing was published.");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (ex instanceof IllegalStateException && thrownBy(ex, HEALTH_ENDPOINT_SUPPORT)) {
            // /actuator/health/a/b: Spring Boot's health endpoint asserts that the path's first parts name groups
            // of components, and each such request was a 500 with an ERROR and its stack trace in the log
            logger.debug("No health component at the requested path: {}", ex.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No health component or group at this path");
            return ResponseEntity.status(problem.getStatus()).body(problem);
        }
        logger.error("Unexpected failure of a request", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected error; see the app's log");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * The failure of the connection that stopped a body's reading, or {@code null}: Tomcat's {@link ClientAbortException}
     * (a client gone, a read timed out), an end of stream or a socket's failure among {@code ex}'s causes. Not any
     * {@link IOException}: Jackson reports some malformed bodies with ones of its own (a {@code CharConversionException}
     * from its UTF-32 reader), which are the content's fault, a 400.
     */
    private static IOException transportFailure(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientAbortException || cause instanceof EOFException
                    || cause instanceof SocketTimeoutException || cause instanceof SocketException) {
                return (IOException) cause;
            }
        }
        return null;
    }

    /**
     * As Spring's, but a problem for a response already committed, which Spring logs at WARN ("Response already
     * committed. Ignoring"), is logged at DEBUG when the connection failed or the body could not be read: every client
     * that went away in the middle of its body wrote a WARN, and so did every body the size limit had already answered
     * (413) while it was still coming, one WARN per stranger's request.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()
                && (transportFailure(ex) != null || ex instanceof HttpMessageNotReadableException)) {
            logger.debug("The body of a request could not be read after its response was committed: {}", ex.toString());
            return null;
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** Whether {@code ex} was thrown in a class named {@code className} (or in an assertion it called). */
    private static boolean thrownBy(Throwable ex, String className) {
        StackTraceElement[] frames = ex.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 4); i++) {
            if (frames[i].getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeIOException tooLarge) {
                RequestTooLargeException problem = BodySizeLimitAdvice.tooLarge(tooLarge.limit());
                return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
            }
            if (cause instanceof InvalidUtf8IOException invalid) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.zeroByte()
                        ? "The body holds a zero byte (byte " + invalid.position() + " as UTF-8), which no JSON text holds: "
                                + "is it UTF-16 or UTF-32 under another charset, or none? Send UTF-8 JSON, or declare "
                                + "the body's charset in its Content-Type"
                        : "The body is not valid UTF-8 (byte " + invalid.position() + "); send UTF-8 JSON");
                return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
            }
            if (cause instanceof InvalidCharsetIOException invalid) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "The body is not valid " + invalid.charset() + " (byte " + invalid.position()
                                + "), the charset its Content-Type declares; send UTF-8 JSON");
                return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
            }
            // A limit or a check made while the body is parsed (record headers, a value's strings): Jackson wraps it.
            if (cause instanceof ErrorResponseException problem) {
                return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
            }
        }
        IOException transport = transportFailure(ex);
        if (transport != null) {
            // the body stopped coming (the client went away, or stalled past the server's timeout): a 400 told a
            // client whose request was fine that it was malformed, and nothing was logged
            logger.debug("A request body could not be read to its end: {}", transport.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_TIMEOUT,
                    "The request body could not be read to its end (the connection closed or stalled: "
                            + transport.getClass().getSimpleName() + "); nothing was published. Send it again.");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.REQUEST_TIMEOUT, request);
        }
        String description = JsonErrorDescriptions.describe(ex.getCause());
        if (description == null) {
            description = (ex.getCause() == null) ? "The request body is missing" : "The request body could not be read: "
                    + NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, description);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> Map.of("field", error.getField(), "message", message(error)))
            .toList();
        String detail = errors.isEmpty() ? "The request is invalid"
                : errors.stream()
                    .map((error) -> error.get("field") + ": " + error.get("message"))
                    .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String contentType;
        try {
            contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        }
        catch (RequestRejectedException rejected) {
            // a value the firewall refuses (Spring MVC read it past the firewall, as getContentType): its 400, where this
            // handler failed, was logged with a stack trace quoting the value, and the answer was a bare 415
            return ResponseEntity.badRequest().body(requestRejected(rejected).getBody());
        }
        if (contentType == null) {
            // Spring's own words would be "Content-Type 'null' is not supported"
            ex.getBody().setDetail("The request has no Content-Type header; send the body as "
                    + ex.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or ")));
        }
        return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleAsyncRequestTimeoutException(AsyncRequestTimeoutException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        WaitTimedOutException timeout = new WaitTimedOutException(this.properties.getWaitTimeout());
        return handleExceptionInternal(timeout, timeout.getBody(), headers, timeout.getStatusCode(), request);
    }

    private static String message(FieldError error) {
        return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
    }

}
