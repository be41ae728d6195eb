package dev.kafkapool.sample.api;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.kafkapool.sample.web.RequestTooLargeException;
import dev.kafkapool.sample.web.SampleHttpProperties;

/**
 * Reads the {@code headers} object of one record, name to string value, and refuses it with a
 * 413 at the first header over {@code sample.http.max-headers-per-record} or
 * {@code sample.http.max-header-bytes}: the limits hold while the body is parsed, so a hostile
 * body never builds more than one header past them, whatever the body size limit lets in. Each
 * header held costs far more heap than its bytes in the body (a map entry and two strings),
 * which is why the count is bounded and not only the size. Created by Spring's handler
 * instantiator, which injects the limits.
 */
final class RecordHeadersDeserializer extends ValueDeserializer<Map<String, String>> {

    private final int maxHeaders;

    private final long maxBytes;

    RecordHeadersDeserializer(SampleHttpProperties properties) {
        this.maxHeaders = properties.getMaxHeadersPerRecord();
        this.maxBytes = properties.getMaxHeaderBytes().toBytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> deserialize(JsonParser parser, DeserializationContext context) {
        String name;
        if (parser.isExpectedStartObjectToken()) {
            name = parser.nextName();
        }
        else if (parser.hasToken(JsonToken.PROPERTY_NAME)) {
            name = parser.currentName();
        }
        else if (parser.hasToken(JsonToken.END_OBJECT)) {
            name = null;
        }
        else {
            return (Map<String, String>) context.handleUnexpectedToken(Map.class, parser);
        }
        ValueDeserializer<Object> strings = context.findRootValueDeserializer(context.constructType(String.class));
        Map<String, String> headers = new LinkedHashMap<>();
        int count = 0;
        long bytes = 0;
        for (; name != null; name = parser.nextName()) {
            count++;
            if (count > this.maxHeaders) {
                throw new RequestTooLargeException(recordPath(parser) + " has more than " + this.maxHeaders
                        + " headers; at most " + this.maxHeaders
                        + " are allowed per record (sample.http.max-headers-per-record)");
            }
            JsonToken token = parser.nextToken();
            String value;
            try {
                value = (token == JsonToken.VALUE_NULL) ? null : (String) strings.deserialize(parser, context);
            }
            catch (JacksonException ex) {
                throw DatabindException.wrapWithPath(context, ex, new JacksonException.Reference(headers, name));
            }
            bytes += utf8Length(name) + utf8Length(value);
            if (bytes > this.maxBytes) {
                throw new RequestTooLargeException(recordPath(parser) + " has more than " + this.maxBytes
                        + " bytes of header names and values (UTF-8); at most " + this.maxBytes
                        + " are allowed per record (sample.http.max-header-bytes)");
            }
            headers.put(name, value);
        }
        return headers;
    }

    /** Bytes of {@code text} in UTF-8, without encoding it; an unpaired surrogate counts 3. */
    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            }
            else if (c < 0x800) {
                length += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            }
            else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Where the headers object is, as {@code records[3].headers}, from the parser's contexts
     * above the one the parser is in.
     */
    private static String recordPath(JsonParser parser) {
        String path = JsonFieldPaths.of(parser.streamReadContext().getParent());
        return path.isEmpty() ? "headers" : path;
    }

}
