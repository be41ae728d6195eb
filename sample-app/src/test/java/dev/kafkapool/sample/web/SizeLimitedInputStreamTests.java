package dev.kafkapool.sample.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A body stream cut off at the size limit. */
class SizeLimitedInputStreamTests {

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        try (InputStream in = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[100]), 100)) {
            assertThat(in.readAllBytes()).hasSize(100);
        }
    }

    @Test
    void theFirstByteBeyondTheLimitFails() throws IOException {
        try (InputStream in = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[101]), 100)) {
            assertThat(in.readNBytes(100)).hasSize(100);
            assertThatExceptionOfType(BodyTooLargeIOException.class).isThrownBy(in::read)
                .satisfies((ex) -> assertThat(ex.limit()).isEqualTo(100));
        }
    }

    @Test
    void skippingCountsAsReading() throws IOException {
        try (InputStream in = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[200]), 100)) {
            assertThatExceptionOfType(BodyTooLargeIOException.class).isThrownBy(() -> in.skip(150));
        }
    }

}
