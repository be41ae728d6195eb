package dev.kafkapool.sample.web;

import java.io.IOException;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's JSON converter, whose failure to read a body says nothing of the body's text. Spring's own message
 * carries Jackson's ({@code JSON parse error: Unrecognized token 'SECRET'}, {@code Duplicate Object property "k"}),
 * which quotes the body, and Spring logs that message at DEBUG twice for each such request (the argument that could
 * not be resolved, the exception resolved), a sensitive record's value among it. The cause is kept: the problem
 * detail the client gets is made from it ({@link JsonErrorDescriptions}), and quotes nothing either.
 */
final class QuietJsonHttpMessageConverter extends JacksonJsonHttpMessageConverter {

    QuietJsonHttpMessageConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage inputMessage, Map<String, Object> hints)
            throws IOException {
        try {
            return super.read(type, inputMessage, hints);
        }
        catch (HttpMessageNotReadableException ex) {
            throw quiet(ex, inputMessage);
        }
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage inputMessage) throws IOException {
        try {
            return super.readInternal(type, inputMessage);
        }
        catch (HttpMessageNotReadableException ex) {
            throw quiet(ex, inputMessage);
        }
    }

    private static HttpMessageNotReadableException quiet(HttpMessageNotReadableException ex,
            HttpInputMessage inputMessage) {
        return new HttpMessageNotReadableException("The request body could not be read as JSON (the parser's message, "
                + "which may quote the body, is left out)", ex.getCause(), inputMessage);
    }

}
