package dev.kafkapool.publisher;

import java.util.Random;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RecordSize} against the producer's own computation, for random records. */
class RecordSizeTests {

    /** Well-formed pieces only: a name with an unpaired surrogate is refused by the builder (it has no UTF-8 form). */
    private static final String[] NAME_ALPHABET = { "a", "Z", "-", "é", "ß", "€", "中", "\uD83D\uDE00", "\uDBFF\uDFFF" };

    @RepeatedTest(20)
    void equalsTheSizeTheProducerChecksForRandomRecords() {
        Random random = new Random();
        for (int i = 0; i < 500; i++) {
            KafkaMessage.Builder builder = KafkaMessage.builder("t")
                .key(random.nextInt(5) == 0 ? null : bytes(random, random.nextInt(300)))
                .value(random.nextInt(10) == 0 ? null : bytes(random, random.nextInt(20_000)));
            int headers = random.nextInt(4) == 0 ? random.nextInt(200) : random.nextInt(3);
            for (int h = 0; h < headers; h++) {
                builder.header(name(random), random.nextInt(6) == 0 ? null : bytes(random, random.nextInt(70)));
            }
            KafkaMessage message = builder.build();

            assertThat(RecordSize.upperBound(message)).as(message.toString()).isEqualTo(kafka(message));
        }
    }

    /** The journal's id header after the message's own: at 63 own headers the count's varint grows a byte. */
    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 10, 62, 63, 64, 8190, 8191 })
    void withTheIdHeaderEqualsTheSizeTheProducerChecksForTheRecordAsSent(int headers) {
        KafkaMessage.Builder builder = KafkaMessage.builder("t").key("k").value("value");
        for (int h = 0; h < headers; h++) {
            builder.header("h", "v");
        }
        KafkaMessage message = builder.build();
        Header[] sent = java.util.stream.Stream.concat(
                message.headers().stream().map((header) -> new RecordHeader(header.name(), header.value())),
                java.util.stream.Stream.of(new RecordHeader(KafkaMessage.ID_HEADER, new byte[16])))
            .toArray(Header[]::new);

        assertThat(RecordSize.upperBound(message, true)).isEqualTo(AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE.type(), message.key(), message.value(), sent));
    }

    @Test
    void countsHeaderNamesInUtf8BytesNotCharacters() {
        KafkaMessage ascii = KafkaMessage.builder("t").value("v").header("abc", "1").build();
        KafkaMessage threeByte = KafkaMessage.builder("t").value("v").header("€€€", "1").build();

        assertThat(RecordSize.upperBound(threeByte) - RecordSize.upperBound(ascii)).isEqualTo(6);
        assertThat(RecordSize.upperBound(threeByte)).isEqualTo(kafka(threeByte));
    }

    private static int kafka(KafkaMessage message) {
        Header[] headers = message.headers()
            .stream()
            .map((header) -> new RecordHeader(header.name(), header.value()))
            .toArray(Header[]::new);
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE.type(), message.key(), message.value(), headers);
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = random.nextInt(12) + 1; i > 0; i--) {
            name.append(NAME_ALPHABET[random.nextInt(NAME_ALPHABET.length)]);
        }
        return name.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
