package dev.kafkapool.publisher.journal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's fsync thread. In {@link FsyncMode#INTERVAL} mode it forces the segments written
 * since the last time, at most every interval. In {@link FsyncMode#ALWAYS} mode writers ask it and
 * wait: a writer waits for a force that started after its record was written, and every writer
 * waiting when a force starts is covered by it, so concurrent callers share one fsync.
 *
 * <p>A force that fails (the disk answers an I/O error) is counted and logged, and the thread goes
 * on: the next round forces the same segments again. A writer waiting in {@code always} mode learns
 * that its record may not be on the disk; in {@code interval} mode the journal refuses new records
 * while the last force failed, and for a while after ({@link #failingNow()}).
 */
final class Syncer implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(Journal.class);

    private static final long MAX_HOLD_OFF_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final FsyncMode mode;

    /** The test write a round after a failure makes (its failure, or {@code null}); {@code null} for none. */
    private final Supplier<Throwable> diskTest;

    private final long intervalNanos;

    private final Supplier<Iterable<Segment>> dirty;

    private final Thread thread;

    private final LongAdder fsyncs = new LongAdder();

    private final LongAdder fsyncNanos = new LongAdder();

    /** Whether the round under way forced a segment; guarded by {@link #syncOnce}'s lock. */
    private boolean forcedThisRound;

    private final LongAdder failures = new LongAdder();

    private final String label;

    /** The latest force that failed, as generations count; 0 if none. */
    private volatile long failed;

    /** The failure of {@link #failed}, for the caller it leaves without a guarantee. */
    private volatile Throwable lastFailure;

    /** Whether the last force failed: a success after failures is logged once. */
    private boolean failing;

    /** Why the latest force that failed did, or {@code null} if none has. */
    private volatile String latestFailure;

    /** When the latest force failed ({@link System#nanoTime()}). */
    private volatile long latestFailureNanos;

    /** Whether the last round's force failed. */
    private volatile boolean lastRoundFailed;

    /**
     * How long a failure is still reported after a round succeeds: Linux reports a failed write-back once and marks
     * the pages clean, so the next fsync succeeds without their data on the disk. Refusing records only until then
     * took them again every other interval of a disk that kept failing (g61r); 50 intervals, 1 s to 5 min, doubled
     * (up to 5 min) each time a failure comes again soon after one ended ({@link #holdOffNanos}).
     */
    private final long baseHoldOffNanos;

    /**
     * The hold-off now: {@link #baseHoldOffNanos}, doubled each time the disk fails again within four hold-offs of the
     * failure before (a disk that fails only in part passes the test write, and took records again every ~10 s, g63b).
     */
    private volatile long holdOffNanos;

    /** What the first failure of the last round was forcing, for the log. */
    private String failedWhere;

    /** Forces begun and forces done; a writer waits for {@code completed > started-when-it-wrote}. */
    private volatile long started;

    private volatile long completed;

    private volatile boolean requested;

    private volatile boolean running = true;

    /** Callers waiting in {@link #awaitForceAfterWrite(long)}, woken when a force completes. */
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();

    Syncer(FsyncMode mode, Duration interval, Supplier<Iterable<Segment>> dirty, String label) {
        this(mode, interval, dirty, label, null);
    }

    /**
     * @param diskTest the test write a round after a failure makes, as {@link JournalFiles#testWrite}: its failure,
     * or {@code null} when the disk took it; {@code null} for none (a round that forced nothing new then counts as a
     * success)
     */
    Syncer(FsyncMode mode, Duration interval, Supplier<Iterable<Segment>> dirty, String label,
            Supplier<Throwable> diskTest) {
        this.diskTest = diskTest;
        this.label = label;
        this.mode = mode;
        this.intervalNanos = interval.toNanos();
        long fiftyIntervals = Math.min(interval.toNanos(), TimeUnit.MINUTES.toNanos(5)) * 50;
        this.baseHoldOffNanos = Math.min(MAX_HOLD_OFF_NANOS, Math.max(TimeUnit.SECONDS.toNanos(1), fiftyIntervals));
        this.holdOffNanos = this.baseHoldOffNanos;
        this.dirty = dirty;
        this.thread = new Thread(this, label + "-journal-fsync");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        while (this.running) {
            if (this.mode == FsyncMode.ALWAYS) {
                // while the last force failed it tries again every interval by itself too: health is DOWN meanwhile,
                // so no publish may come to ask, and only a success brings it back
                long retryAt = System.nanoTime() + this.intervalNanos;
                while (!this.requested && this.running
                        && (!this.lastRoundFailed || retryAt - System.nanoTime() > 0)) {
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
        this.forcedThisRound = false;
        Throwable failure = forceAll();
        if (failure == null && this.failing && this.diskTest != null) {
            // after a failure the segments' pages are clean (Linux reports a failed write-back once), so forcing them
            // again succeeds whether or not the disk works: only a write of its own tells
            failure = this.diskTest.get();
            if (failure != null) {
                this.failedWhere = "a test write in the journal directory";
            }
        }
        if (this.forcedThisRound || failure != null) {
            // a round with nothing written since the last is no fsync: counted, it made the timer's mean an idle one
            this.fsyncNanos.add(System.nanoTime() - began);
            this.fsyncs.increment();
        }
        if (failure != null) {
            this.failures.increment();
            this.lastFailure = failure;
            this.failed = generation;
            boolean failedBefore = this.latestFailure != null;
            this.latestFailure = this.failedWhere + ": " + failure;
            long now = System.nanoTime();
            if (!this.failing && failedBefore) {
                // a new failure after one had ended: soon after, the disk did not really work (the test write passed,
                // the segments' writes did not), so it is trusted twice as late next time; long after, afresh
                this.holdOffNanos = (now - this.latestFailureNanos < 4 * this.holdOffNanos)
                        ? Math.min(MAX_HOLD_OFF_NANOS, 2 * this.holdOffNanos) : this.baseHoldOffNanos;
            }
            this.latestFailureNanos = now;
            this.lastRoundFailed = true;
            if (!this.failing) {
                this.failing = true;
                logger.error("{} - The journal's fsync of {} failed ({}): records written since the last fsync may not "
                        + "survive a power loss or a kernel crash (the process's own death loses nothing: they are "
                        + "in the page cache){}. Action: check the disk and the volume behind the journal directory; "
                        + "every round tries again", this.label, this.failedWhere, failure,
                        (this.mode == FsyncMode.ALWAYS) ? "; in always mode the records waiting for it are refused"
                                : "; new records are refused until fsyncs succeed again for 50 intervals (an "
                                        + "interval's records at most go without one)");
            }
        }
        else if (this.failing) {
            this.failing = false;
            this.lastRoundFailed = false;
            logger.warn("{} - The journal's fsync succeeds again ({} failure(s) in all); records written before the "
                    + "last failure may still not be on the disk (the kernel may have dropped their pages' dirty "
                    + "state), though they are delivered{}", this.label, this.failures.sum(),
                    (this.mode == FsyncMode.INTERVAL) ? "; new records are taken again once "
                            + TimeUnit.NANOSECONDS.toMillis(this.holdOffNanos) + " ms have passed without a failure"
                            : "");
        }
        this.completed = generation;
        for (Thread waiter : this.waiters) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Forces each segment, going on past one that fails (it is forced again next round).
     * @return the first failure, or {@code null}
     */
    private Throwable forceAll() {
        Throwable first = null;
        try {
            for (Segment segment : this.dirty.get()) {
                try {
                    this.forcedThisRound |= segment.force();
                }
                catch (RuntimeException | Error ex) {
                    // an I/O error, or the JVM's InternalError for a mapped page the disk fails to write
                    if (first == null) {
                        first = ex;
                        this.failedWhere = "segment " + segment.file;
                    }
                }
            }
        }
        catch (RuntimeException | Error ex) {
            if (first == null) {
                first = ex;
                this.failedWhere = "the journal's segments";
            }
        }
        return first;
    }

    /**
     * The first force whose failure could concern records written after this call: the one under
     * way, if any (it may be forcing their pages as they are written), else the next.
     */
    long mark() {
        long started = this.started;
        return (this.completed >= started) ? started + 1 : started;
    }

    /**
     * Waits until a force that began after this call (after the caller's records were written) has
     * finished.
     * @param mark {@link #mark()} taken before the caller wrote its records
     * @return {@code false} when a force since the mark failed: the records may not be on the disk
     */
    boolean awaitForceAfterWrite(long mark) {
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
        // after a failed fsync the kernel may have dropped the pages' dirty state: a later success proves nothing
        return this.failed < mark;
    }

    /**
     * Why the latest fsync failed, while the last round failed (or its test write did) and, in interval mode, for
     * {@link #holdOffNanos} after; {@code null} when none failed in that time.
     */
    String failingNow() {
        String failure = this.latestFailure;
        // always mode needs no hold-off: each record waits for an fsync of its own, which a failing disk fails
        boolean past = !this.lastRoundFailed && (this.mode != FsyncMode.INTERVAL
                || System.nanoTime() - this.latestFailureNanos > this.holdOffNanos);
        return past ? null : failure;
    }

    /** How long a failure is still reported after the rounds succeed again, now. */
    long holdOffNanos() {
        return this.holdOffNanos;
    }

    /** The latest fsync failure, or {@code null}. */
    Throwable lastFailure() {
        return this.lastFailure;
    }

    long failures() {
        return this.failures.sum();
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
        // the bound, not a caller's interrupt, ends the wait (a shutdown interrupted went on to close the journal while
        // the last fsync ran); the flag is kept for the caller
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean interrupted = false;
        while (this.thread.isAlive() && deadline - System.nanoTime() > 0) {
            try {
                this.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
