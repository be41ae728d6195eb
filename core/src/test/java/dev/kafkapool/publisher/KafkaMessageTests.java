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
    void aHeaderNameWithAnUnpairedSurrogateIsRefusedAtOnceAndAWellFormedPairIsTaken() {
        // Kafka counted such a name as 4 bytes and wrote it as '?': the broker refused the whole batch,
        // and records of other keys in it failed for good (g52c)
        for (String name : new String[] { "bad\uD800", "\uD800", "\uDC00b", "a\uDC00\uD800b", "\uD83D\uD83D\uDE00" }) {
            assertThatIllegalArgumentException().as(name)
                .isThrownBy(() -> KafkaMessage.builder("orders").header(name, "v"))
                .withMessageContaining("unpaired UTF-16 surrogate")
                .withMessageContaining("Give a well-formed name");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> KafkaMessage.builder("orders").header("x\uD800", "v"))
            .withMessageContaining("(U+D800 at index 1 of 2)");
        KafkaMessage message = KafkaMessage.builder("orders").header("smile-\uD83D\uDE00", "v").header("\u20AC", "w").build();
        assertThat(message.headers()).extracting(KafkaMessage.Header::name).containsExactly("smile-\uD83D\uDE00", "\u20AC");
    }

    @Test
    void theSizeOfAMessageBeyondTwoGibibytesIsCappedNotWrappedNegative() {
        // one array of 128 MiB as the value and as 16 header values (not copied): 2,176 MiB
        byte[] big = new byte[128 * 1024 * 1024];
        KafkaMessage.Builder builder = KafkaMessage.builder("orders").key("k").value(big);
        for (int header = 0; header < 16; header++) {
            builder.header("h", big);
        }
        KafkaMessage huge = builder.build();

        assertThat(huge.payloadBytes()).isEqualTo(17L * big.length + 1 + 16);
        assertThat(huge.sizeInBytes()).isEqualTo(Integer.MAX_VALUE);
        assertThat(KafkaMessage.builder("orders").key("k").value("value").header("h", "v").build().sizeInBytes())
            .isEqualTo(1 + 5 + 1 + 1);
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
