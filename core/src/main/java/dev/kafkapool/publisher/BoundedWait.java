package dev.kafkapool.publisher;

import java.util.concurrent.TimeUnit;

/**
 * A wait of a shutdown that the caller's interrupt does not cut short. Shutdown promises to return within its
 * timeout plus a margin with what is left reported; a wait an interrupt ended early broke both (a producer still
 * closing and an undelivered-message handler given no time, each then logged as having timed out). The interrupt is
 * kept for the caller: the flag is set again when the wait ends.
 */
final class BoundedWait {

    private BoundedWait() {
    }

    /** Waits until {@code thread} ends or {@code millis} pass, whatever interrupts come meanwhile. */
    static void join(Thread thread, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        boolean interrupted = false;
        try {
            for (long left = deadline - System.nanoTime(); thread.isAlive() && left > 0;
                    left = deadline - System.nanoTime()) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
