package dev.kafkapool.sample.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a body on only while it is well-formed UTF-8 (RFC 3629, section 4): JSON between systems
 * is UTF-8 (RFC 8259), and the JSON parser decodes some ill-formed sequences instead of refusing
 * them (the overlong {@code C0 AF} became a {@code /} in a published key). Fails on the first
 * byte that cannot be part of a well-formed sequence: an overlong form, a surrogate, a code point
 * above U+10FFFF, a stray continuation byte, or a sequence cut off by the end of the body.
 * {@link #forJson} refuses a {@code 00} byte as well.
 */
final class StrictUtf8InputStream extends FilterInputStream {

    /** Whether a {@code 00} byte is refused: JSON text holds no unescaped U+0000 anywhere (RFC 8259). */
    private final boolean json;

    /** Continuation bytes still expected by the sequence under way. */
    private int pending;

    /** The range the next byte must fall in, for the sequence under way. */
    private int low = 0x80;

    private int high = 0xBF;

    private long position;

    StrictUtf8InputStream(InputStream in) {
        this(in, false);
    }

    private StrictUtf8InputStream(InputStream in, boolean json) {
        super(in);
        this.json = json;
    }

    /**
     * A JSON body read as UTF-8, refused at a {@code 00} byte too: no JSON text holds one (a U+0000 must be escaped
     * inside a string and is no whitespace outside), and it is how UTF-16 and UTF-32 look to a UTF-8 reader. The JSON
     * parser detects those by their zero bytes and decodes them on its own, so a UTF-16 body labelled UTF-8 (or not
     * labelled) was published as if it had said its charset.
     */
    static StrictUtf8InputStream forJson(InputStream in) {
        return new StrictUtf8InputStream(in, true);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        }
        else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read < 0) {
            atEnd();
        }
        for (int i = 0; i < read; i++) {
            check(buffer[offset + i] & 0xFF);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes could not be checked: read them instead
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        // a reset would replay bytes the state has already taken in
        return false;
    }

    private void check(int b) throws InvalidUtf8IOException {
        if (this.pending > 0) {
            if (b < this.low || b > this.high) {
                throw new InvalidUtf8IOException(this.position);
            }
            this.pending--;
            this.low = 0x80;
            this.high = 0xBF;
        }
        else if (b >= 0x80) {
            lead(b);
        }
        else if (b == 0 && this.json) {
            throw InvalidUtf8IOException.zeroByte(this.position);
        }
        this.position++;
    }

    /** The first byte of a multi-byte sequence: how many follow, and the range of the next one. */
    private void lead(int b) throws InvalidUtf8IOException {
        if (b >= 0xC2 && b <= 0xDF) {
            this.pending = 1;
        }
        else if (b == 0xE0) {
            // E0 80..9F would be an overlong form of U+0000..U+07FF
            this.pending = 2;
            this.low = 0xA0;
        }
        else if (b == 0xED) {
            // ED A0..BF would be a surrogate, U+D800..U+DFFF
            this.pending = 2;
            this.high = 0x9F;
        }
        else if (b >= 0xE1 && b <= 0xEF) {
            this.pending = 2;
        }
        else if (b == 0xF0) {
            // F0 80..8F would be an overlong form of U+0000..U+FFFF
            this.pending = 3;
            this.low = 0x90;
        }
        else if (b >= 0xF1 && b <= 0xF3) {
            this.pending = 3;
        }
        else if (b == 0xF4) {
            // F4 90.. would be above U+10FFFF
            this.pending = 3;
            this.high = 0x8F;
        }
        else {
            // 80..BF without a lead byte, C0 and C1 (overlong forms of ASCII), F5..FF
            throw new InvalidUtf8IOException(this.position);
        }
    }

    private void atEnd() throws InvalidUtf8IOException {
        if (this.pending > 0) {
            throw new InvalidUtf8IOException(this.position);
        }
    }

}
