package dev.kafkapool.sample.api;

import java.nio.CharBuffer;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Copies a record's JSON value from the request's parser to its compact UTF-8 text, token by token:
 * the heap holds the text (twice, for a moment, while the last copy is made), not a tree. The parser
 * is the request's own, so its checks hold for the value as for the rest of the body (a name given
 * twice in an object, nesting depth, number and string lengths). Numbers are copied exactly: a
 * decimal keeps its digits ({@code 1.50} stays {@code 1.50}), as the tree with
 * {@code USE_BIG_DECIMAL_FOR_FLOATS} kept them. A string with an unpaired UTF-16 surrogate has no
 * UTF-8 form and is a 400 naming where it is, as in a key. JSON {@code null} is the value
 * {@code null}; a record without a value is left {@code null}, for validation to refuse.
 */
final class RecordValueDeserializer extends ValueDeserializer<RecordValue> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public RecordValue deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), bytes)) {
                int depth = 0;
                JsonToken token = parser.currentToken();
                while (true) {
                    if (token == JsonToken.VALUE_STRING) {
                        requireUnicode(parser);
                    }
                    generator.copyCurrentEventExact(parser);
                    depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                    if (depth == 0) {
                        break;
                    }
                    token = parser.nextToken();
                }
            }
            return new RecordValue(bytes.toByteArray());
        }
    }

    /**
     * A string with an unpaired surrogate ({@code "\ud800"}) has no UTF-8 form: the generator would
     * write it as an escape that strict JSON readers refuse (Rust's serde_json among them). Refused as
     * keys, headers and names are, naming where it is in the value, never the text.
     */
    private static void requireUnicode(JsonParser parser) {
        // a view of the parser's own buffer, not a copy
        if (!RecordMessages.isUnicode(CharBuffer.wrap(parser.getStringCharacters(), parser.getStringOffset(),
                parser.getStringLength()))) {
            // the path ends at the value (its names are the client's payload): the position says where inside
            TokenStreamLocation at = parser.currentTokenLocation();
            throw RecordMessages.unpairedSurrogate(JsonFieldPaths.of(parser.streamReadContext()),
                    (at != null && at.getLineNr() > 0) ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                            : "");
        }
    }

    @Override
    public Object getNullValue(DeserializationContext context) {
        return RecordValue.NULL;
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }

}
