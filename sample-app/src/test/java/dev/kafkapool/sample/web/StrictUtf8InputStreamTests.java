package dev.kafkapool.sample.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The body's UTF-8 check against the JDK's own decoder, which follows RFC 3629 strictly: every
 * input it refuses is refused here too, and every input it takes passes unchanged.
 */
class StrictUtf8InputStreamTests {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "7b7d", "c280", "dfbf", "e0a080", "efbfbf", "e282ac", "ed9fbf", "ee8080", "f0908080",
            "f48fbfbf", "f09f9880", "00" })
    void wellFormedSequencesPassUnchanged(String hex) throws IOException {
        byte[] bytes = HexFormat.of().parseHex(hex);

        assertThat(readAll(bytes)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "c0af", "c1bf", "e080af", "e09fbf", "eda080", "edbfbf", "f08080af", "f08fbfbf",
            "f4908080", "f5808080", "ff", "fe", "80", "bf", "c2", "e282", "f09f98", "c27f", "e2287e" })
    void illFormedSequencesAreRefused(String hex) {
        byte[] bytes = HexFormat.of().parseHex("7b226b223a22" + hex);

        assertThatExceptionOfType(InvalidUtf8IOException.class).isThrownBy(() -> readAll(bytes))
            .satisfies((ex) -> assertThat(ex.position()).isGreaterThanOrEqualTo(6));
    }

    @Test
    void aJsonBodysZeroByteIsRefusedWhereItIs() throws IOException {
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        try (InputStream in = StrictUtf8InputStream.forJson(new ByteArrayInputStream(utf16))) {
            assertThatExceptionOfType(InvalidUtf8IOException.class).isThrownBy(in::readAllBytes)
                .satisfies((ex) -> assertThat(ex.position()).isEqualTo(1));
        }
        byte[] json = "{\"k\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8);
        try (InputStream in = StrictUtf8InputStream.forJson(new ByteArrayInputStream(json))) {
            assertThat(in.readAllBytes()).isEqualTo(json);
        }
    }

    @Test
    void theOverlongSlashIsRefusedWhereItStarts() {
        byte[] bytes = "{\"key\":\"..\u0000\u0000".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xC0;
        bytes[bytes.length - 1] = (byte) 0xAF;

        assertThatExceptionOfType(InvalidUtf8IOException.class).isThrownBy(() -> readAll(bytes))
            .satisfies((ex) -> assertThat(ex.position()).isEqualTo(bytes.length - 2));
    }

    /** Random byte strings, biased towards lead and continuation bytes: the same verdict as the JDK's decoder. */
    @Test
    void agreesWithTheJdksStrictDecoderOnRandomInput() throws IOException {
        long seed = Long.getLong("utf8.seed", System.nanoTime());
        Random random = new Random(seed);
        int[] interesting = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF };
        int refused = 0;
        for (int run = 0; run < 20_000; run++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : random.nextInt(256));
            }
            boolean jdkTakes = decodesStrictly(bytes);
            boolean taken;
            try {
                assertThat(readAll(bytes)).isEqualTo(bytes);
                taken = true;
            }
            catch (InvalidUtf8IOException ex) {
                taken = false;
                refused++;
            }
            assertThat(taken).as("seed %d: %s", seed, HexFormat.of().formatHex(bytes)).isEqualTo(jdkTakes);
        }
        assertThat(refused).as("the random inputs include ill-formed ones").isGreaterThan(1000);
    }

    private static boolean decodesStrictly(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    /** Reads in odd-sized chunks and single bytes, so that sequences are split across reads. */
    private static byte[] readAll(byte[] bytes) throws IOException {
        try (InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(bytes))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[3];
            boolean single = false;
            while (true) {
                if (single) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                }
                else {
                    int read = in.read(chunk, 0, chunk.length);
                    if (read < 0) {
                        break;
                    }
                    out.write(chunk, 0, read);
                }
                single = !single;
            }
            return out.toByteArray();
        }
    }

}
