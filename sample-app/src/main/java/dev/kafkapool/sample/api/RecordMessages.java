package dev.kafkapool.sample.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;


import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.Utf16;

/**
 * Turns request records into {@link KafkaMessage}s: the value is the JSON text of the request's
 * JSON value (UTF-8, compact), key and header values are UTF-8 strings, and the sensitive flag is
 * passed on so the pool never logs the value.
 */
@Component
final class RecordMessages {

    List<KafkaMessage> toMessages(String topic, List<RecordRequest> records) {
        List<KafkaMessage> messages = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            messages.add(toMessage(topic, records.get(i), "records[" + i + "]"));
        }
        return messages;
    }

    /**
     * @throws ErrorResponseException a 400 naming {@code path} for a header the pool refuses (its
     * own {@value KafkaMessage#ID_HEADER})
     */
    private KafkaMessage toMessage(String topic, RecordRequest record, String path) {
        requireUnicode(record.key(), path + ".key");
        if (record.headers() != null) {
            for (Map.Entry<String, String> header : record.headers().entrySet()) {
                requireUnicode(header.getKey(), path + ".headers");
                requireUnicode(header.getValue(), path + ".headers");
            }
        }
        KafkaMessage.Builder builder = KafkaMessage.builder(topic)
            .key(record.key())
            .value(record.value().json())
            .sensitive(record.isSensitive());
        if (record.headers() != null) {
            for (Map.Entry<String, String> header : record.headers().entrySet()) {
                try {
                    builder.header(header.getKey(), header.getValue());
                }
                catch (IllegalArgumentException ex) {
                    // the message names the header, never its value
                    throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail
                        .forStatusAndDetail(HttpStatus.BAD_REQUEST, "Field '" + path + ".headers' is refused: "
                                + ex.getMessage()), ex);
                }
            }
        }
        return builder.build();
    }

    /**
     * A key or header of text with an unpaired surrogate ({@code "\ud800"} in the JSON) has no
     * UTF-8 form: Java would write {@code ?} for it, and two distinct keys would become one.
     * @throws ErrorResponseException a 400 naming {@code path}, never the text
     */
    static void requireUnicode(String text, String path) {
        if (text == null) {
            return;
        }
        if (!isUnicode(text)) {
            throw unpairedSurrogate(path);
        }
    }

    /** Whether {@code text} has no unpaired UTF-16 surrogate, so that it has a UTF-8 form. */
    static boolean isUnicode(CharSequence text) {
        return Utf16.unpairedSurrogate(text) < 0;
    }

    /** The 400 for text at {@code path} with an unpaired surrogate; names the field, never the text. */
    static ErrorResponseException unpairedSurrogate(String path) {
        return unpairedSurrogate(path, "");
    }

    /**
     * The same, with where in the body the text is ({@code " (line 1, column 40)"}): inside a value, whose names the
     * path does not show.
     */
    static ErrorResponseException unpairedSurrogate(String path, String where) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "Field '" + path + "' holds an unpaired UTF-16 surrogate (a \\uD800 to "
                        + "\\uDFFF escape without its pair)" + where + ", which has no UTF-8 form; nothing was queued"),
                null);
    }

}
