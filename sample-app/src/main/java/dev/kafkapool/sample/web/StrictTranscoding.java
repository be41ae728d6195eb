package dev.kafkapool.sample.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A body declared in another charset than UTF-8 (UTF-16, ISO-8859-1, ...) turned into UTF-8,
 * refused at its first byte that is not well-formed in the declared charset or maps to no
 * character. Left to the converter, such a body was read leniently: a UTF-16 or UTF-32 label let
 * the JSON parser detect the encoding itself (so a UTF-8 body with an overlong {@code C0 AF}
 * passed as UTF-16 and was decoded to {@code /}), and other charsets replaced what they could
 * not decode with U+FFFD, making distinct keys equal.
 */
final class StrictTranscoding {

    private StrictTranscoding() {
    }

    /**
     * @param body the body, already bounded in size
     * @return the body as UTF-8
     * @throws InvalidCharsetIOException at the first byte that {@code charset} does not decode
     */
    static byte[] toUtf8(InputStream body, Charset charset) throws IOException {
        byte[] bytes = body.readAllBytes();
        CharsetDecoder decoder = charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 16));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidCharsetIOException(charset, in.position());
        }
        return out.flip().toString().getBytes(StandardCharsets.UTF_8);
    }

}
