package dev.kafkapool.publisher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's memory bound: how many messages, and how many payload bytes, it holds from
 * admission until the broker acknowledges them or they fail. Lock-free; acquiring is a pair of
 * compare-and-set loops.
 */
final class AdmissionBudget {

    private final long maxMessages;

    private final long maxBytes;

    private final AtomicLong messages = new AtomicLong();

    private final AtomicLong bytes = new AtomicLong();

    AdmissionBudget(long maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Takes room for {@code count} messages of {@code size} bytes in all, or nothing. */
    boolean tryAcquire(int count, long size) {
        return tryAcquire(count, size, this.maxBytes);
    }

    /** Takes room for {@code count} messages of {@code size} bytes if the bytes stay within {@code byteLimit}. */
    boolean tryAcquire(int count, long size, long byteLimit) {
        if (!add(this.messages, count, this.maxMessages)) {
            return false;
        }
        if (!add(this.bytes, size, Math.min(byteLimit, this.maxBytes))) {
            this.messages.addAndGet(-count);
            return false;
        }
        return true;
    }

    /** Takes room whatever is left: records accepted before (a replayed journal) are not refused. */
    void force(int count, long size) {
        this.messages.addAndGet(count);
        this.bytes.addAndGet(size);
    }

    void release(int count, long size) {
        this.messages.addAndGet(-count);
        this.bytes.addAndGet(-size);
    }

    long messages() {
        return this.messages.get();
    }

    long bytes() {
        return this.bytes.get();
    }

    private static boolean add(AtomicLong counter, long amount, long limit) {
        while (true) {
            long current = counter.get();
            long next = current + amount;
            if (next > limit) {
                return false;
            }
            if (counter.compareAndSet(current, next)) {
                return true;
            }
        }
    }

}
