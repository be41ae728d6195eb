package dev.kafkapool.sample.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.publisher.KafkaMessage;

/**
 * Turns request records into {@link KafkaMessage}s: the value is the JSON text of the request's
 * JSON value (UTF-8, compact), key and header values are UTF-8 strings, and the sensitive flag is
 * passed on so the pool never logs the value.
 */
@Component
final class RecordMessages {

    private final JsonMapper jsonMapper;

    RecordMessages(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

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
        KafkaMessage.Builder builder = KafkaMessage.builder(topic)
            .key(record.key())
            .value(this.jsonMapper.writeValueAsBytes(record.value()))
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

}
