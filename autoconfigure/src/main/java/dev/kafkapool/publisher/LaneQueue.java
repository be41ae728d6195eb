package dev.kafkapool.publisher;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue of one {@link DeliveryLane}: first in, first out; many publishing threads, one worker.
 * Unbounded itself, because the pool's {@link AdmissionBudget} bounds what all lanes hold.
 *
 * <p>It is {@code LinkedBlockingQueue}'s two-lock algorithm (publishers take only the put lock,
 * the worker only the take lock, and a count hands elements over between them) with one change:
 * messages sit in linked chunks of {@value #CHUNK_SIZE} slots instead of a node each. A waiting
 * message so costs one reference (4 bytes with compressed oops) instead of a 24-byte node, and
 * growing never copies an array: BENCHMARKS.md, "Memory".
 */
final class LaneQueue {

    static final int CHUNK_SIZE = 1024;

    private final ReentrantLock putLock = new ReentrantLock();

    private final ReentrantLock takeLock = new ReentrantLock();

    private final Condition notEmpty = this.takeLock.newCondition();

    /**
     * Messages waiting. A publisher fills a slot, then increments; the worker reads a slot only
     * after it has seen the count that covers it, which makes the slot's content visible to it.
     */
    private final AtomicInteger count = new AtomicInteger();

    /** Guarded by the take lock. */
    private Chunk head;

    /** Guarded by the take lock. */
    private int headIndex;

    /** Guarded by the put lock. */
    private Chunk tail;

    /** Guarded by the put lock. */
    private int tailIndex;

    LaneQueue() {
        this.head = new Chunk();
        this.tail = this.head;
    }

    void offer(PendingMessage pending) {
        int before;
        ReentrantLock putLock = this.putLock;
        putLock.lock();
        try {
            if (this.tailIndex == CHUNK_SIZE) {
                Chunk next = new Chunk();
                this.tail.next = next;
                this.tail = next;
                this.tailIndex = 0;
            }
            this.tail.slots[this.tailIndex++] = pending;
            before = this.count.getAndIncrement();
        }
        finally {
            putLock.unlock();
        }
        if (before == 0) {
            signalNotEmpty();
        }
    }

    /**
     * The oldest message, waiting up to {@code timeout} for one.
     * @return the message, or {@code null} if none arrived in time
     * @throws InterruptedException if the worker is interrupted, waiting or not
     */
    PendingMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        ReentrantLock takeLock = this.takeLock;
        takeLock.lockInterruptibly();
        try {
            while (this.count.get() == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = this.notEmpty.awaitNanos(nanos);
            }
            PendingMessage pending = dequeue();
            this.count.getAndDecrement();
            return pending;
        }
        finally {
            takeLock.unlock();
        }
    }

    /** Takes {@code pending} out if it is still waiting; {@code false} if the worker already took it. */
    boolean remove(PendingMessage pending) {
        this.putLock.lock();
        this.takeLock.lock();
        try {
            Chunk chunk = this.head;
            int index = this.headIndex;
            while (chunk != null) {
                int end = (chunk == this.tail) ? this.tailIndex : CHUNK_SIZE;
                for (; index < end; index++) {
                    if (chunk.slots[index] == pending) {
                        // Leave a hole: dequeue() skips it.
                        chunk.slots[index] = null;
                        this.count.getAndDecrement();
                        return true;
                    }
                }
                chunk = (chunk == this.tail) ? null : chunk.next;
                index = 0;
            }
            return false;
        }
        finally {
            this.takeLock.unlock();
            this.putLock.unlock();
        }
    }

    int size() {
        return this.count.get();
    }

    /** Moves every waiting message, oldest first, to {@code target}. */
    void drainTo(Collection<? super PendingMessage> target) {
        this.takeLock.lock();
        try {
            while (this.count.get() > 0) {
                target.add(dequeue());
                this.count.getAndDecrement();
            }
        }
        finally {
            this.takeLock.unlock();
        }
    }

    /**
     * Under the take lock, with a count above zero: a message is in a slot at or after the head,
     * possibly behind holes left by {@link #remove}.
     */
    private PendingMessage dequeue() {
        while (true) {
            if (this.headIndex == CHUNK_SIZE) {
                Chunk drained = this.head;
                this.head = drained.next;
                drained.next = null;
                this.headIndex = 0;
            }
            PendingMessage pending = this.head.slots[this.headIndex];
            this.head.slots[this.headIndex++] = null;
            if (pending != null) {
                return pending;
            }
        }
    }

    private void signalNotEmpty() {
        ReentrantLock takeLock = this.takeLock;
        takeLock.lock();
        try {
            this.notEmpty.signal();
        }
        finally {
            takeLock.unlock();
        }
    }

    private static final class Chunk {

        final PendingMessage[] slots = new PendingMessage[CHUNK_SIZE];

        /** Written by a publisher under the put lock before the first slot of the next chunk. */
        Chunk next;

    }

}
