package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fsync thread outlives a failing disk: a failed force is counted and tried again, and a
 * writer waiting in {@code always} mode learns that its record may not be on the disk instead of
 * waiting for ever.
 */
class SyncerTests {

    private Syncer syncer;

    @AfterEach
    void stop() {
        if (this.syncer != null) {
            this.syncer.stop();
        }
    }

    @Test
    void aDiskThatFailsAgainSoonAfterAFailureEndedIsTrustedTwiceAsLateEachTime()
            throws Exception {
        // g63b: a disk failing only in part passed the test write; 50 intervals later records were taken again and
        // failed, every ~10 s
        java.util.concurrent.atomic.AtomicBoolean failing = startIntervalSyncerFailingWhile();
        long base = TimeUnit.SECONDS.toNanos(1);

        awaitFailing(true);
        assertThat(this.syncer.holdOffNanos()).as("the first failure").isEqualTo(base);
        failing.set(false);
        awaitFailing(false);
        failing.set(true);
        awaitFailing(true);
        assertThat(this.syncer.holdOffNanos()).as("failed again soon after the first ended").isEqualTo(2 * base);
        failing.set(false);
        awaitFailing(false);
        failing.set(true);
        awaitFailing(true);
        assertThat(this.syncer.holdOffNanos()).as("and again").isEqualTo(4 * base);
    }

    @Test
    void aFailureLongAfterTheOneBeforeIsHeldOffForTheBaseTimeAgain() throws Exception {
        // the doubling is for a disk that fails again soon after it seemed mended; one that fails again after more
        // than four hold-offs of calm starts afresh
        java.util.concurrent.atomic.AtomicBoolean failing = startIntervalSyncerFailingWhile();
        long base = TimeUnit.SECONDS.toNanos(1);

        awaitFailing(true);
        failing.set(false);
        awaitFailing(false);
        failing.set(true);
        awaitFailing(true);
        assertThat(this.syncer.holdOffNanos()).as("failed again soon after").isEqualTo(2 * base);
        failing.set(false);
        awaitFailing(false);
        // more than four (doubled) hold-offs since the last failure
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(4 * 2 * base) + 500);
        failing.set(true);
        awaitFailing(true);
        assertThat(this.syncer.holdOffNanos()).as("failed again after a long calm").isEqualTo(base);
    }

    /** An interval syncer (20 ms: a base hold-off of 1 s) whose forces fail while the flag it returns is set. */
    private java.util.concurrent.atomic.AtomicBoolean startIntervalSyncerFailingWhile() {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        this.syncer = new Syncer(FsyncMode.INTERVAL, Duration.ofMillis(20), () -> {
            if (failing.get()) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            return List.of();
        }, "test-pool", () -> null);
        return failing;
    }

    private void awaitFailing(boolean failing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((this.syncer.failingNow() != null) != failing) {
            assertThat(System.nanoTime()).as("failing: " + failing).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aWriterWaitingInAlwaysModeIsToldWhenItsFsyncFailedAndTheNextWriterIsServedOnceTheDiskWorks() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        this.syncer = new Syncer(FsyncMode.ALWAYS, Duration.ofMillis(10), () -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new UncheckedIOException(new IOException("Input/output error"));
            }
            return List.of();
        }, "test-pool");

        boolean first = CompletableFuture.supplyAsync(this::writeAndAwait).get(5, TimeUnit.SECONDS);
        boolean second = CompletableFuture.supplyAsync(this::writeAndAwait).get(5, TimeUnit.SECONDS);

        assertThat(first).as("covered by the failed fsync").isFalse();
        assertThat(second).as("covered by a later, successful one").isTrue();
        assertThat(this.syncer.failures()).isEqualTo(1);
        assertThat(this.syncer.lastFailure()).hasMessageContaining("Input/output error");
        // the failed round counts; the rounds after it had no segment to force
        assertThat(this.syncer.fsyncs()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRecordWrittenWhileAnFsyncThatThenFailsWasUnderWayIsNotCalledDurableByALaterSuccess() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        this.syncer = new Syncer(FsyncMode.ALWAYS, Duration.ofMillis(10), () -> {
            if (rounds.incrementAndGet() == 1) {
                forcing.countDown();
                await(fail);
                throw new UncheckedIOException(new IOException("Input/output error"));
            }
            return List.of();
        }, "test-pool");
        CompletableFuture<Boolean> earlier = CompletableFuture.supplyAsync(this::writeAndAwait);
        assertThat(forcing.await(5, TimeUnit.SECONDS)).isTrue();

        // written while the first fsync runs, which may be forcing its pages as they are written, and then fails
        long mark = this.syncer.mark();
        fail.countDown();
        boolean durable = this.syncer.awaitForceAfterWrite(mark);

        assertThat(durable).as("covered by a later success, after a failure that may have dropped its pages").isFalse();
        assertThat(earlier.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(rounds.get()).isGreaterThanOrEqualTo(2);
        assertThat(this.writeAndAwait()).as("a record written after the failure, covered by a success").isTrue();
    }

    private boolean writeAndAwait() {
        long mark = this.syncer.mark();
        return this.syncer.awaitForceAfterWrite(mark);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void inIntervalModeAFailedFsyncIsCountedAndTheThreadGoesOn() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        this.syncer = new Syncer(FsyncMode.INTERVAL, Duration.ofMillis(5), () -> {
            int round = rounds.incrementAndGet();
            if (round == 1) {
                // what the JVM throws for a mapped page the disk fails to write
                throw new InternalError("a fault occurred in an unsafe memory access operation");
            }
            if (round <= 3) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            return List.of();
        }, "test-pool");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (rounds.get() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(rounds.get()).as("rounds after the failures").isGreaterThanOrEqualTo(10);
        assertThat(this.syncer.failures()).isEqualTo(3);
    }

}
