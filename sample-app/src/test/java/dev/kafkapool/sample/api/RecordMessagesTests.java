package dev.kafkapool.sample.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.publisher.KafkaMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How a request record becomes a Kafka message. */
class RecordMessagesTests {

    private final JsonMapper jsonMapper = JsonMapper.shared();

    private final RecordMessages messages = new RecordMessages();

    @Test
    void theValueIsTheCompactJsonTextOfTheJsonValue() {
        assertThat(valueOf("{ \"a\" : [1, 2],\n \"b\": {} }")).isEqualTo("{\"a\":[1,2],\"b\":{}}");
        assertThat(valueOf("\"text\"")).isEqualTo("\"text\"");
        assertThat(valueOf("null")).isEqualTo("null");
        assertThat(valueOf("true")).isEqualTo("true");
        // a number keeps its digits, whatever its size (as a BigDecimal: no negative zero)
        assertThat(valueOf("[1.50, -0.0, 1e400, 123456789012345678901234567890, 0.1000]"))
            .isEqualTo("[1.50,0.0,1E+400,123456789012345678901234567890,0.1000]");
        assertThat(valueOf("\"caf\\u00e9 \\\" \\n\"")).isEqualTo("\"caf\u00e9 \\\" \\n\"");
    }

    @Test
    void keyHeadersAndTopicAreTakenAsUtf8() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("source", "caf\u00e9");
        headers.put("empty", null);
        KafkaMessage message = toMessage(
                new RecordRequest("k\u00fc", value("1"), headers, null));

        assertThat(message.topic()).isEqualTo("t");
        assertThat(message.key()).isEqualTo("k\u00fc".getBytes(StandardCharsets.UTF_8));
        assertThat(message.headers()).extracting(KafkaMessage.Header::name).containsExactly("source", "empty");
        assertThat(message.headers().get(0).value()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(message.headers().get(1).value()).isNull();
    }

    @Test
    void aPairedSurrogateIsTakenAndAnUnpairedOneAnywhereIsRefused() {
        KafkaMessage emoji = toMessage(new RecordRequest("k\ud83d\ude00", value("1"), null, null));
        assertThat(emoji.key()).isEqualTo("k\ud83d\ude00".getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] { "\ud800", "a\ud83d", "\ude00b", "\ude00\ud83d", "ok\ud83d\ude00\udc00" }) {
            assertThatExceptionOfType(ErrorResponseException.class)
                .isThrownBy(() -> RecordMessages.requireUnicode(text, "records[0].key"))
                .satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("records[0].key"));
        }
        // in a value, paired as in a key: its UTF-8
        assertThat(valueOf("\"\\ud83d\\ude00\"")).isEqualTo("\"\ud83d\ude00\"");
        RecordMessages.requireUnicode(null, "records[0].key");
        RecordMessages.requireUnicode("\ud83d\ude00\u00e9", "records[0].key");
    }

    @Test
    void noKeyMeansANullKey() {
        KafkaMessage message = toMessage(new RecordRequest(null, value("1"),
                null, null));
        assertThat(message.key()).isNull();
        assertThat(message.headers()).isEmpty();
    }

    @Test
    void theSensitiveFlagIsPassedOnAndDefaultsToFalse() {
        assertThat(toMessage(record(true)).isSensitive()).isTrue();
        assertThat(toMessage(record(false)).isSensitive()).isFalse();
        assertThat(toMessage(record(null)).isSensitive()).isFalse();
    }

    @Test
    void thePoolsOwnIdHeaderIsA400NamingTheRecordAndNotTheValue() {
        Map<String, String> headers = Map.of(KafkaMessage.ID_HEADER, "AAAAAAAAAAAAAAAA-chosen-by-a-client");
        RecordRequest ok = record(false);
        RecordRequest injecting = new RecordRequest("k", value("1"), headers, null);

        assertThatExceptionOfType(ErrorResponseException.class)
            .isThrownBy(() -> this.messages.toMessages("t", List.of(ok, injecting)))
            .satisfies((ex) -> {
                assertThat(ex.getStatusCode().value()).isEqualTo(400);
                assertThat(ex.getBody().getDetail()).contains("records[1].headers").contains(KafkaMessage.ID_HEADER)
                    .doesNotContain("chosen-by-a-client");
            });
    }

    private KafkaMessage toMessage(RecordRequest record) {
        return this.messages.toMessages("t", List.of(record)).get(0);
    }

    private RecordRequest record(Boolean sensitive) {
        return new RecordRequest("k", value("\"secret\""), null, sensitive);
    }

    /** {@code json} as the request's parser reads a record's value. */
    private RecordValue value(String json) {
        return this.jsonMapper.readValue(json, RecordValue.class);
    }

    private String valueOf(String json) {
        KafkaMessage message = toMessage(
                new RecordRequest(null, value(json), null, null));
        return new String(message.value(), StandardCharsets.UTF_8);
    }

}
