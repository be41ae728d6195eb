package dev.kafkapool.sample.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request-body bytes being read and parsed at this moment, against
 * {@code sample.http.max-body-bytes-in-flight}. One body is always taken when no other is in flight,
 * however large (its own limit is {@code max-body-size}), so that the bound never refuses every request.
 * A body that fits is taken with one compare-and-set; one that does not waits, for at most the time
 * it is given, for bodies being read to be given back, unless {@link #MAX_WAITING} already wait.
 */
final class BodiesInFlight {

    private final long limit;

    private final AtomicLong bytes = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition givenBack = this.lock.newCondition();

    /** Requests waiting for room; read without the lock by {@link #giveBack}, changed under it. */
    private volatile int waiting;

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

    /** As {@link #tryTake}, waiting up to {@code waitNanos} for room to be given back. */
    boolean take(long size, long waitNanos) throws InterruptedException {
        if (tryTake(size)) {
            return true;
        }
        long deadline = System.nanoTime() + waitNanos;
        this.lock.lock();
        try {
            if (this.waiting >= MAX_WAITING) {
                return false;
            }
            this.waiting++;
            try {
                // checked again under the lock: a give-back after this sees the waiter and signals
                while (!tryTake(size)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    this.givenBack.awaitNanos(left);
                }
                return true;
            }
            finally {
                this.waiting--;
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    void giveBack(long size) {
        this.bytes.addAndGet(-size);
        if (this.waiting > 0) {
            this.lock.lock();
            try {
                this.givenBack.signalAll();
            }
            finally {
                this.lock.unlock();
            }
        }
    }

    long bytes() {
        return this.bytes.get();
    }

    long limit() {
        return this.limit;
    }

    /**
     * Requests that wait for room at most; one more is refused at once. On Java 17 each waiter is one of
     * Tomcat's 200 request threads: without this, a few clients holding the bound (bodies sent a byte at
     * a time) and ordinary traffic parked all of them, and every other request waited behind them.
     */
    static final int MAX_WAITING = 64;

    /** How long a body that does not fit waits for room before it is refused. */
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

}
