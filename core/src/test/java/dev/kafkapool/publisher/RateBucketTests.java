package dev.kafkapool.publisher;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket with a clock the test drives: what it admits, and the wait it names. */
class RateBucketTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAdmitsItsBurstAtOnceAndThenOneRecordPerPeriod() {
        RateBucket bucket = new RateBucket(1000, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryTake(1, 0)).isZero();
        }
        assertThat(bucket.tryTake(1, 0)).isEqualTo(SECOND / 1000);
        assertThat(bucket.tryTake(1, SECOND / 1000 - 1)).isEqualTo(1);
        assertThat(bucket.tryTake(1, SECOND / 1000)).isZero();
    }

    @Test
    void theWaitItNamesIsExactlyWhenTheSameRequestIsAdmitted() {
        Random random = new Random(18);
        for (int round = 0; round < 200; round++) {
            long rate = 1 + random.nextInt(100_000);
            long capacity = 1 + random.nextInt(1000);
            RateBucket bucket = new RateBucket(rate, capacity, 0);
            long now = 0;
            long refusedAt = -1;
            long wait = 0;
            long units = 1 + random.nextInt((int) capacity);
            while (refusedAt < 0) {
                wait = bucket.tryTake(units, now);
                if (wait > 0) {
                    refusedAt = now;
                }
                now += random.nextInt(1000);
            }
            assertThat(bucket.tryTake(units, refusedAt + wait - 1)).as("rate %d capacity %d", rate, capacity)
                .isPositive();
            assertThat(bucket.tryTake(units, refusedAt + wait)).as("rate %d capacity %d", rate, capacity).isZero();
        }
    }

    @Test
    void overALongRunItAdmitsTheRatePlusTheBurst() {
        RateBucket bucket = new RateBucket(1000, 50, 0);
        long admitted = 0;
        for (long now = 0; now < 10 * SECOND; now += 250_000) {
            for (int i = 0; i < 4; i++) {
                if (bucket.tryTake(1, now) == 0) {
                    admitted++;
                }
            }
        }
        assertThat(admitted).isBetween(10_000L, 10_050L);
    }

    @Test
    void threadsRacingForTheBucketNeverTakeMoreThanItHolds() throws InterruptedException {
        RateBucket bucket = new RateBucket(100_000, 1_000);
        java.util.concurrent.atomic.LongAdder taken = new java.util.concurrent.atomic.LongAdder();
        long start = System.nanoTime();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                while (System.nanoTime() - start < 200_000_000L) {
                    if (bucket.tryTake(1) == 0) {
                        taken.increment();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(taken.sum()).isLessThanOrEqualTo(1_000 + (long) Math.ceil(100_000 * seconds)).isPositive();
    }

    @Test
    void unitsGivenBackAreAdmittedAgain() {
        RateBucket bucket = new RateBucket(100, 5, 0);
        assertThat(bucket.tryTake(5, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isPositive();
        bucket.giveBack(2);
        assertThat(bucket.tryTake(2, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isPositive();
    }

    @Test
    void anIdleBucketFillsOnlyToItsCapacity() {
        RateBucket bucket = new RateBucket(10, 3, 0);
        long later = 100 * SECOND;
        assertThat(bucket.tryTake(3, later)).isZero();
        assertThat(bucket.tryTake(1, later)).isEqualTo(SECOND / 10);
    }

}
