package dev.kafkapool.sample.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes being read and parsed at this moment, against
 * {@code sample.http.max-body-bytes-in-flight}. One body is always taken when no other is in flight,
 * however large (its own limit is {@code max-body-size}), so that the bound never refuses every request.
 */
final class BodiesInFlight {

    private final long limit;

    private final AtomicLong bytes = new AtomicLong();

    BodiesInFlight(long limit) {
        this.limit = limit;
    }

    /** Takes {@code size} bytes of the bound if they fit, or if nothing else is in flight. */
    boolean tryTake(long size) {
        while (true) {
            long current = this.bytes.get();
            if (current > 0 && current + size > this.limit) {
                return false;
            }
            if (this.bytes.compareAndSet(current, current + size)) {
                return true;
            }
        }
    }

    void giveBack(long size) {
        this.bytes.addAndGet(-size);
    }

    long bytes() {
        return this.bytes.get();
    }

    long limit() {
        return this.limit;
    }

}
