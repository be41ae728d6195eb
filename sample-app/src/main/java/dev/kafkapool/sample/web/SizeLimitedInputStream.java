package dev.kafkapool.sample.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes and fails on the first byte beyond, instead of buffering it. */
final class SizeLimitedInputStream extends FilterInputStream {

    private final long limit;

    private long count;

    SizeLimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            count(read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        // a reset would let the same bytes be counted twice
        return false;
    }

    private void count(long bytes) throws BodyTooLargeIOException {
        this.count += bytes;
        if (this.count > this.limit) {
            throw new BodyTooLargeIOException(this.limit);
        }
    }

}
