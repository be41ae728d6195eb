package dev.kafkapool.sample.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which topic names from a URL reach the pool, and how the others are described. */
class TopicPathCheckTests {

    @ParameterizedTest
    @ValueSource(strings = { "orders", "a", "Orders.v2", "my_topic-1", "...", "a..b" })
    void legalKafkaTopicNamesPass(String topic) {
        assertThat(TopicPathCheck.requireLegal(topic)).isEqualTo(topic);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "..", "a b", "a/b", "a\\b", "a\nb", "a\u0000b", "caf\u00e9", "a:b", "a;b" })
    void illegalNamesAreA400(String topic) {
        assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> TopicPathCheck.requireLegal(topic))
            .satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400));
    }

    @Test
    void aNameOf250CharactersIsA400ButOf249Passes() {
        assertThat(TopicPathCheck.requireLegal("t".repeat(249))).hasSize(249);
        assertThatExceptionOfType(ErrorResponseException.class)
            .isThrownBy(() -> TopicPathCheck.requireLegal("t".repeat(250)));
    }

    @Test
    void controlCharactersAreEscapedAndLongNamesCutInTheDescription() {
        assertThat(TopicPathCheck.printable("a\nb\u0000'")).isEqualTo("a\\u000ab\\u0000\\u0027");
        assertThat(TopicPathCheck.printable("x".repeat(100))).isEqualTo("x".repeat(64) + "...");
    }

}
