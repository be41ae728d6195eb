package dev.kafkapool.publisher;

import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The inbound queue of one {@link DeliveryLane}: first in, first out; many publishing threads, one
 * consumer (the lane's worker, or the shutdown once the worker has exited). Unbounded itself,
 * because the pool's {@link AdmissionBudget} bounds what all lanes hold. It never blocks its
 * consumer: the lane parks and is woken by the publisher that finds it idle.
 *
 * <p>Publishers append under a lock held for a few instructions; the consumer takes without one.
 * A count hands elements over: a publisher fills a slot, then increments it; the consumer reads a
 * slot only after it has seen the count that covers it, which makes the slot's content visible.
 * Messages sit in linked chunks of {@value #CHUNK_SIZE} slots instead of a node each, so a waiting
 * message costs one reference (4 bytes with compressed pointers) instead of a 24-byte node, and
 * growing never copies an array: BENCHMARKS.md, "Memory".
 */
final class LaneQueue {

    static final int CHUNK_SIZE = 1024;

    private final ReentrantLock putLock = new ReentrantLock();

    private final AtomicInteger count = new AtomicInteger();

    /** Consumer only. */
    private Chunk head;

    /** Consumer only. */
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
            this.count.getAndIncrement();
        }
        finally {
            putLock.unlock();
        }
    }

    /** The oldest message, or {@code null} when empty. Consumer only. */
    PendingMessage poll() {
        if (this.count.get() == 0) {
            return null;
        }
        if (this.headIndex == CHUNK_SIZE) {
            Chunk drained = this.head;
            this.head = drained.next;
            drained.next = null;
            this.headIndex = 0;
        }
        PendingMessage pending = this.head.slots[this.headIndex];
        this.head.slots[this.headIndex++] = null;
        this.count.getAndDecrement();
        return pending;
    }

    boolean isEmpty() {
        return this.count.get() == 0;
    }

    int size() {
        return this.count.get();
    }

    /** Hands every waiting message, oldest first, to {@code target}. Consumer only. */
    void drainTo(Consumer<PendingMessage> target) {
        for (PendingMessage pending; (pending = poll()) != null;) {
            target.accept(pending);
        }
    }

    private static final class Chunk {

        final PendingMessage[] slots = new PendingMessage[CHUNK_SIZE];

        /** Written by a publisher under the put lock before the first slot of the next chunk. */
        Chunk next;

    }

}
