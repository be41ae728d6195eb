package dev.kafkapool.sample.api;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

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
        return records.stream().map((record) -> toMessage(topic, record)).toList();
    }

    KafkaMessage toMessage(String topic, RecordRequest record) {
        KafkaMessage.Builder builder = KafkaMessage.builder(topic)
            .key(record.key())
            .value(this.jsonMapper.writeValueAsBytes(record.value()))
            .sensitive(record.isSensitive());
        if (record.headers() != null) {
            for (Map.Entry<String, String> header : record.headers().entrySet()) {
                builder.header(header.getKey(), header.getValue());
            }
        }
        return builder.build();
    }

}
