package dev.kafkapool.publisher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits a repeated log line to a few per second, counting what it suppressed so that the next
 * line can say so. During a broker outage every queued message fails; this keeps the log
 * readable.
 */
final class ThrottledLog {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int linesPerWindow;

    private final AtomicLong windowStart = new AtomicLong(System.nanoTime() - WINDOW_NANOS);

    private final AtomicLong linesInWindow = new AtomicLong();

    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(int linesPerWindow) {
        this.linesPerWindow = linesPerWindow;
    }

    /**
     * Whether a line may be written now. When it returns {@code true}, {@link #takeSuppressed()}
     * tells how many lines were dropped since the last one written.
     */
    boolean tryAcquire() {
        long now = System.nanoTime();
        long start = this.windowStart.get();
        if (now - start >= WINDOW_NANOS && this.windowStart.compareAndSet(start, now)) {
            this.linesInWindow.set(0);
        }
        if (this.linesInWindow.incrementAndGet() <= this.linesPerWindow) {
            return true;
        }
        this.suppressed.incrementAndGet();
        return false;
    }

    long takeSuppressed() {
        return this.suppressed.getAndSet(0);
    }

}
