package dev.kafkapool.publisher.journal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The journal's fsync thread. In {@link FsyncMode#INTERVAL} mode it forces the segments written
 * since the last time, at most every interval. In {@link FsyncMode#ALWAYS} mode writers ask it and
 * wait: a writer waits for a force that started after its record was written, and every writer
 * waiting when a force starts is covered by it, so concurrent callers share one fsync.
 */
final class Syncer implements Runnable {

    private final FsyncMode mode;

    private final long intervalNanos;

    private final Supplier<Iterable<Segment>> dirty;

    private final Thread thread;

    private final LongAdder fsyncs = new LongAdder();

    private final LongAdder fsyncNanos = new LongAdder();

    /** Forces begun and forces done; a writer waits for {@code completed > started-when-it-wrote}. */
    private volatile long started;

    private volatile long completed;

    private volatile boolean requested;

    private volatile boolean running = true;

    /** Callers waiting in {@link #awaitForceAfterWrite()}, woken when a force completes. */
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();

    Syncer(FsyncMode mode, Duration interval, Supplier<Iterable<Segment>> dirty, String name) {
        this.mode = mode;
        this.intervalNanos = interval.toNanos();
        this.dirty = dirty;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        while (this.running) {
            if (this.mode == FsyncMode.ALWAYS) {
                while (!this.requested && this.running) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
            else {
                LockSupport.parkNanos(this, this.intervalNanos);
            }
            syncOnce();
        }
    }

    /** Forces everything written so far, now. */
    synchronized void syncOnce() {
        this.requested = false;
        long generation = this.started + 1;
        this.started = generation;
        long began = System.nanoTime();
        for (Segment segment : this.dirty.get()) {
            segment.force();
        }
        this.fsyncNanos.add(System.nanoTime() - began);
        this.fsyncs.increment();
        this.completed = generation;
        for (Thread waiter : this.waiters) {
            LockSupport.unpark(waiter);
        }
    }

    /** Waits until a force that began after this call's own record was written has finished. */
    void awaitForceAfterWrite() {
        long seen = this.started;
        Thread caller = Thread.currentThread();
        // registered before completed is read: a force that completes after the read wakes it
        this.waiters.add(caller);
        try {
            this.requested = true;
            LockSupport.unpark(this.thread);
            while (this.completed <= seen && this.running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        finally {
            this.waiters.remove(caller);
        }
    }

    long fsyncs() {
        return this.fsyncs.sum();
    }

    long fsyncNanos() {
        return this.fsyncNanos.sum();
    }

    void stop() {
        this.running = false;
        LockSupport.unpark(this.thread);
        try {
            this.thread.join(5000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
