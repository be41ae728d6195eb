package dev.kafkapool.publisher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journaled message reads back as it was admitted, whatever the sizes of its parts, and records
 * written by an earlier version of the format still read back after an upgrade.
 */
class JournalCodecTests {

    @Test
    void aHeaderNameOf64KibOrMoreReadsBackWhole() {
        String longName = "n".repeat(70_000);
        KafkaMessage message = KafkaMessage.builder("orders")
            .key("k")
            .value("v")
            .header(longName, "first")
            .header("short", "second")
            .build();

        KafkaMessage read = roundTrip(message);

        assertThat(read.headers()).extracting(KafkaMessage.Header::name).containsExactly(longName, "short");
        assertThat(read.headers().get(1).value()).isEqualTo("second".getBytes(StandardCharsets.UTF_8));
        assertThat(read.key()).isEqualTo(JournalCodec.key(encoded(message)));
    }

    @Test
    void onlyARecordWithAHeaderNameOf64KibOrMoreIsWrittenInTheSecondVersionSoEarlierReleasesReadTheRest() {
        KafkaMessage ordinary = KafkaMessage.builder("orders").key("k").value("v").header("n".repeat(0xFFFF), "h").build();
        KafkaMessage wide = KafkaMessage.builder("orders").key("k").value("v").header("n".repeat(0x10000), "h").build();

        assertThat(encoded(ordinary).get(0)).isEqualTo((byte) 1);
        assertThat(encoded(wide).get(0)).isEqualTo((byte) 2);
        assertThat(roundTrip(ordinary).headers().get(0).name()).hasSize(0xFFFF);
    }

    @Test
    void randomMessagesReadBackAsAdmitted() {
        Random random = new Random(20261204L);
        for (int i = 0; i < 500; i++) {
            KafkaMessage.Builder builder = KafkaMessage.builder("t-" + random.nextInt(1000))
                .key(random.nextBoolean() ? null : bytes(random, random.nextInt(100)))
                .value(random.nextInt(10) == 0 ? null : bytes(random, random.nextInt(5000)))
                .sensitive(random.nextBoolean());
            int headers = random.nextInt(4);
            for (int h = 0; h < headers; h++) {
                // names of every UTF-8 width, some long enough to pass two bytes of length once encoded
                String name = "h" + h + "é€😀".repeat(random.nextInt(4) == 0 ? 20_000 : random.nextInt(5));
                builder.header(name, random.nextBoolean() ? null : bytes(random, random.nextInt(300)));
            }
            KafkaMessage message = builder.build();

            KafkaMessage read = roundTrip(message);

            assertThat(read.topic()).isEqualTo(message.topic());
            assertThat(read.key()).isEqualTo(message.key());
            assertThat(read.value()).isEqualTo(message.value());
            assertThat(read.isSensitive()).isEqualTo(message.isSensitive());
            assertThat(read.headers()).hasSameSizeAs(message.headers());
            for (int h = 0; h < headers; h++) {
                assertThat(read.headers().get(h).name()).isEqualTo(message.headers().get(h).name());
                assertThat(read.headers().get(h).value()).isEqualTo(message.headers().get(h).value());
            }
        }
    }

    @Test
    void aRecordOfTheFirstVersionWithTwoByteNameLengthsStillReadsBack() {
        // version 1, not sensitive, topic "orders", key "k", value "v", one header "h" = "x"
        ByteBuffer first = ByteBuffer.allocate(64);
        first.put((byte) 1).put((byte) 0).putShort((short) 6).put("orders".getBytes(StandardCharsets.US_ASCII));
        first.putInt(1).put((byte) 'k').putInt(1).put((byte) 'v');
        first.putInt(1).putShort((short) 1).put((byte) 'h').putInt(1).put((byte) 'x');

        KafkaMessage read = JournalCodec.decode(first.flip());

        assertThat(read.topic()).isEqualTo("orders");
        assertThat(read.key()).isEqualTo(new byte[] { 'k' });
        assertThat(read.value()).isEqualTo(new byte[] { 'v' });
        assertThat(read.headers()).singleElement().satisfies((header) -> {
            assertThat(header.name()).isEqualTo("h");
            assertThat(header.value()).isEqualTo(new byte[] { 'x' });
        });
    }

    private static KafkaMessage roundTrip(KafkaMessage message) {
        return JournalCodec.decode(encoded(message));
    }

    private static ByteBuffer encoded(KafkaMessage message) {
        byte[][] names = JournalCodec.names(message);
        ByteBuffer record = ByteBuffer.allocate(JournalCodec.size(message, names));
        JournalCodec.encode(message, names, record);
        assertThat(record.hasRemaining()).as("size() measures what encode() writes").isFalse();
        return record.flip();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
