package dev.kafkapool.publisher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code capacity} units filling at {@code perSecond} units a second, as one
 * {@link AtomicLong}: the time at which the bucket would be full again (the generic cell rate
 * algorithm). Taking is one compare-and-set, without a lock or a clock thread.
 */
final class RateBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perSecond;

    private final long capacity;

    private final long capacityNanos;

    /** When the bucket is full again, in {@link System#nanoTime()}; in the past: it is full. */
    private final AtomicLong fullAt;

    RateBucket(long perSecond, long capacity, long now) {
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.capacityNanos = nanos(capacity);
        this.fullAt = new AtomicLong(now);
    }

    /** Most units taken at once. */
    long capacity() {
        return this.capacity;
    }

    /**
     * Takes {@code units} at time {@code now}, or nothing.
     * @return 0 when taken, else the nanoseconds after which they would be (at least 1)
     */
    long tryTake(long units, long now) {
        long cost = nanos(units);
        while (true) {
            long full = this.fullAt.get();
            long next = ((full - now > 0) ? full : now) + cost;
            long over = next - now - this.capacityNanos;
            if (over > 0) {
                return over;
            }
            if (this.fullAt.compareAndSet(full, next)) {
                return 0;
            }
        }
    }

    /** Gives back {@code units} taken before (their message was refused for another reason). */
    void giveBack(long units) {
        this.fullAt.addAndGet(-nanos(units));
    }

    private long nanos(long units) {
        return (long) Math.ceil(units * NANOS_PER_SECOND / this.perSecond);
    }

}
