package dev.kafkapool.publisher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pool's own header: {@value KafkaMessage#ID_HEADER} carries a journaled record's id, which
 * consumers drop duplicates by, so a caller cannot put one of its own beside it (a client of an
 * HTTP API that passes headers through could otherwise choose the id a consumer dedupes on).
 */
class KafkaMessageTests {

    @Test
    void aHeaderNamedLikeThePoolsIdHeaderIsRefusedWithoutQuotingItsValue() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> KafkaMessage.builder("orders").header(KafkaMessage.ID_HEADER, "chosen-by-a-client"))
            .withMessageContaining(KafkaMessage.ID_HEADER)
            .withMessageNotContaining("chosen-by-a-client");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> KafkaMessage.builder("orders").header(KafkaMessage.ID_HEADER, new byte[16]));
    }

    @Test
    void otherHeaderNamesAreTakenAsGivenHeaderNamesBeingCaseSensitive() {
        KafkaMessage message = KafkaMessage.builder("orders")
            .header("Kafka-Pool-Id", "x")
            .header("kafka-pool-id-original", "y")
            .build();

        assertThat(message.headers()).extracting(KafkaMessage.Header::name)
            .containsExactly("Kafka-Pool-Id", "kafka-pool-id-original");
    }

    @Test
    void aJournalRecordWrittenBeforeTheNameWasReservedIsStillReadBack() {
        KafkaMessage before = KafkaMessage.builder("orders")
            .key("k")
            .value("v")
            .restoredHeader(KafkaMessage.ID_HEADER, "old".getBytes(StandardCharsets.UTF_8))
            .build();
        byte[][] names = JournalCodec.names(before);
        ByteBuffer record = ByteBuffer.allocate(JournalCodec.size(before, names));
        JournalCodec.encode(before, names, record);

        KafkaMessage read = JournalCodec.decode(record.flip());

        assertThat(read.headers()).extracting(KafkaMessage.Header::name).containsExactly(KafkaMessage.ID_HEADER);
        assertThat(read.headers().get(0).value()).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        assertThat(read.value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

}
