package dev.kafkapool.publisher;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the publish calls that are between their check of the pool's state and the end of their
 * enqueueing, so that shutdown can close admission and then wait until every call that found the
 * pool open has put its messages into the lanes: nothing admitted is left behind, and a batch is
 * never half queued. No lock: a call increments and decrements one counter of a few, chosen by its
 * thread (so both land on the same counter), padded against false sharing.
 */
final class AdmissionTracker {

    private static final int STRIPES = 16;

    /** Longs between two counters: 128 bytes, two cache lines. */
    private static final int PAD = 16;

    private final AtomicLongArray counts = new AtomicLongArray(STRIPES * PAD);

    /** Called before the state check; returns the slot to pass to {@link #exit(int)}. */
    int enter() {
        int slot = (System.identityHashCode(Thread.currentThread()) & (STRIPES - 1)) * PAD;
        this.counts.getAndIncrement(slot);
        return slot;
    }

    void exit(int slot) {
        this.counts.getAndDecrement(slot);
    }

    /**
     * Whether no call is in progress. Once admission is closed, a call that begins afterwards sees
     * it closed and enqueues nothing, so a {@code true} here stays true for everything that matters.
     */
    boolean isQuiet() {
        for (int i = 0; i < STRIPES; i++) {
            if (this.counts.get(i * PAD) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Waits, spinning briefly, until {@link #isQuiet()}: publish calls take microseconds. */
    void awaitQuiet() {
        for (int spins = 0; !isQuiet(); spins++) {
            if (spins < 1000) {
                Thread.onSpinWait();
            }
            else {
                Thread.yield();
            }
        }
    }

}
