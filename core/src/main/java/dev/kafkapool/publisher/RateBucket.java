package dev.kafkapool.publisher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code capacity} units filling at {@code perSecond} units a second, as one
 * {@link AtomicLong}: the time at which the bucket would be full again (the generic cell rate
 * algorithm). Taking is one compare-and-set, without a lock or a clock thread.
 *
 * <p>The pool's rates per topic ({@link TopicLimit}) are made of these; it is public so that an
 * application can limit other things the same way (the sample app limits each client with it).
 */
public final class RateBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perSecond;

    private final long capacity;

    private final long capacityNanos;

    /** When the bucket is full again, in {@link System#nanoTime()}; in the past: it is full. */
    private final AtomicLong fullAt;

    /**
     * A full bucket.
     * @param perSecond units added per second, more than 0 (0.5: one every two seconds)
     * @param capacity most units it holds, and so most taken at once, at least 1
     */
    public RateBucket(double perSecond, long capacity) {
        this(perSecond, capacity, System.nanoTime());
    }

    RateBucket(double perSecond, long capacity, long now) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || capacity < 1) {
            throw new IllegalArgumentException("a rate bucket needs a rate and a capacity of at least 1, was "
                    + perSecond + "/s and " + capacity);
        }
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.capacityNanos = nanos(capacity);
        this.fullAt = new AtomicLong(now);
    }

    /** Most units taken at once. */
    public long capacity() {
        return this.capacity;
    }

    /**
     * Takes {@code units} now, or nothing.
     * @return 0 when taken, else the nanoseconds after which they would be (at least 1)
     */
    public long tryTake(long units) {
        return tryTake(units, System.nanoTime());
    }

    /** Whether the bucket is full: nothing was taken for as long as it takes to fill it. */
    public boolean isFull() {
        return this.fullAt.get() - System.nanoTime() <= 0;
    }

    /**
     * Takes {@code units} at time {@code now}, or nothing.
     * @return 0 when taken, else the nanoseconds after which they would be (at least 1)
     */
    long tryTake(long units, long now) {
        long cost = nanos(units);
        while (true) {
            long full = this.fullAt.get();
            long over = over(full, cost, now);
            if (over > 0) {
                return over;
            }
            if (this.fullAt.compareAndSet(full, ((full - now > 0) ? full : now) + cost)) {
                return 0;
            }
        }
    }

    /**
     * How long {@code units} would wait at time {@code now}, taking nothing.
     * @return 0 when they could be taken now, else the nanoseconds after which they could be
     */
    long waitFor(long units, long now) {
        return Math.max(over(this.fullAt.get(), nanos(units), now), 0);
    }

    /** By how much taking {@code cost} at {@code now} from a bucket full again at {@code full} overfills it. */
    private long over(long full, long cost, long now) {
        return ((full - now > 0) ? full : now) + cost - now - this.capacityNanos;
    }

    /** Gives back {@code units} taken before: what they were taken for was refused for another reason. */
    public void giveBack(long units) {
        this.fullAt.addAndGet(-nanos(units));
    }

    private long nanos(long units) {
        return (long) Math.ceil(units * NANOS_PER_SECOND / this.perSecond);
    }

}
