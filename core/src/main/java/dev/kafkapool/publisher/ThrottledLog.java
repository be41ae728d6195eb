package dev.kafkapool.publisher;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Limits a repeated log line to a few per second, counting what it suppressed so that the next
 * line can say so. During a broker outage every queued message fails; this keeps the log
 * readable. With a summary, what a window suppressed is also said when the window ends (once),
 * so that a burst of failures that no later line follows is not left out of the log.
 */
final class ThrottledLog {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** How long the summaries' thread waits for work before it ends (it is made again when needed). */
    private static final long IDLE_SECONDS = 10;

    /** One daemon thread for the summaries of every pool in the JVM, there only while a summary is due. */
    private static final ScheduledThreadPoolExecutor SUMMARIES = summaries();

    private final int linesPerWindow;

    private final LongConsumer summary;

    private final AtomicLong windowStart = new AtomicLong(System.nanoTime() - WINDOW_NANOS);

    private final AtomicLong linesInWindow = new AtomicLong();

    private final AtomicLong suppressed = new AtomicLong();

    private final AtomicBoolean summaryDue = new AtomicBoolean();

    ThrottledLog(int linesPerWindow) {
        this(linesPerWindow, null);
    }

    /**
     * @param summary told, at the end of a window that suppressed lines, how many were suppressed and
     * not yet said by a line written since; {@code null} for none
     */
    ThrottledLog(int linesPerWindow, LongConsumer summary) {
        this.linesPerWindow = linesPerWindow;
        this.summary = summary;
    }

    /**
     * Whether a line may be written now. When it returns {@code true}, {@link #takeSuppressed()}
     * tells how many lines were dropped since the last one written (or the last summary).
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
        if (this.summary != null && this.summaryDue.compareAndSet(false, true)) {
            long windowLeft = WINDOW_NANOS - (now - this.windowStart.get());
            try {
                SUMMARIES.schedule(this::summarize, Math.max(0, windowLeft) + TimeUnit.MILLISECONDS.toNanos(1),
                        TimeUnit.NANOSECONDS);
            }
            catch (RejectedExecutionException ex) {
                // no thread could be made: the next line written says the count instead
                this.summaryDue.set(false);
            }
        }
        return false;
    }

    long takeSuppressed() {
        return this.suppressed.getAndSet(0);
    }

    private void summarize() {
        this.summaryDue.set(false);
        long count = takeSuppressed();
        if (count > 0) {
            try {
                this.summary.accept(count);
            }
            catch (RuntimeException ex) {
                // a logging back end that throws must not end the summaries' thread
            }
        }
    }

    private static ScheduledThreadPoolExecutor summaries() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "kafka-pool-log-summary");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

}
