package dev.kafkapool.sample.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.nio.charset.StandardCharsets;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Enforces {@code sample.http.max-body-size} on every {@code @RequestBody}: a declared
 * {@code Content-Length} over the limit is refused before a byte is read, and a chunked body is
 * cut off at the limit while it is parsed. Spring MVC has no such limit for JSON bodies of its own.
 */
@ControllerAdvice
final class BodySizeLimitAdvice extends RequestBodyAdviceAdapter {

    private final SampleHttpProperties properties;

    BodySizeLimitAdvice(SampleHttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean supports(MethodParameter methodParameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        long limit = this.properties.getMaxBodySize().toBytes();
        long declared = inputMessage.getHeaders().getContentLength();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        HttpHeaders given = inputMessage.getHeaders();
        if (encoded(given)) {
            // a compressed body would be parsed as it is; RFC 9110 answers an encoding not understood with 415
            throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding is not supported; send the body uncompressed"
                            + " (no Content-Encoding, or identity)"), null);
        }
        InputStream limited = new SizeLimitedInputStream(inputMessage.getBody(), limit);
        MediaType type = given.getContentType();
        InputStream body;
        HttpHeaders headers;
        if (type == null || type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset())) {
            // read as UTF-8 (JSON's own encoding): refused at its first ill-formed byte, or a zero byte (UTF-16, -32)
            body = StrictUtf8InputStream.forJson(limited);
            headers = given;
        }
        else {
            // decoded strictly in the charset it declares, and handed on as the UTF-8 it now is
            byte[] utf8 = StrictTranscoding.toUtf8(limited, type.getCharset());
            // a zero byte here is a U+0000 the declared charset decoded (UTF-16 read as ISO-8859-1, UTF-32 as UTF-16):
            // no JSON, and the JSON parser would detect the body's real encoding by such bytes and read it after all
            body = StrictUtf8InputStream.forJson(new ByteArrayInputStream(utf8));
            headers = new HttpHeaders();
            headers.putAll(given);
            headers.setContentType(new MediaType(type, StandardCharsets.UTF_8));
            headers.setContentLength(utf8.length);
        }
        return new HttpInputMessage() {

            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

        };
    }

    /** Whether any Content-Encoding header names an encoding other than identity (each header, each of its list). */
    private static boolean encoded(HttpHeaders headers) {
        List<String> values = headers.get(HttpHeaders.CONTENT_ENCODING);
        return values != null && values.stream()
            .flatMap((value) -> Arrays.stream(value.split(",")))
            .map(String::trim)
            .anyMatch((coding) -> !coding.isEmpty() && !"identity".equalsIgnoreCase(coding));
    }

    static RequestTooLargeException tooLarge(long limit) {
        return new RequestTooLargeException("The request body is larger than the limit of " + limit
                + " bytes (sample.http.max-body-size)");
    }

}
