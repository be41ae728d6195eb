package dev.kafkapool.sample.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound on request bodies being read: its invariants under concurrent takers, and its default. */
class BodiesInFlightBoundTests {

    @Test
    void concurrentTakersNeverHoldMoreThanTheLimitUnlessOneBodyIsAloneAndEveryByteComesBack() throws Exception {
        long limit = 64 * 1024;
        BodiesInFlight bodies = new BodiesInFlight(limit);
        AtomicLong worst = new AtomicLong();
        AtomicLong oversizeAlone = new AtomicLong();
        ExecutorService takers = Executors.newFixedThreadPool(16);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            long seed = 20261205L + t;
            results.add(takers.submit(() -> {
                Random random = new Random(seed);
                long taken = 0;
                long refused = 0;
                for (int i = 0; i < 2_000; i++) {
                    // now and then a body larger than the whole bound
                    long size = (random.nextInt(50) == 0) ? limit * 2 : 1 + random.nextInt(20_000);
                    if (bodies.take(size, TimeUnit.MILLISECONDS.toNanos(random.nextInt(3)))) {
                        long held = bodies.bytes();
                        if (size > limit) {
                            oversizeAlone.incrementAndGet();
                        }
                        else {
                            worst.accumulateAndGet(held, Math::max);
                        }
                        taken++;
                        bodies.giveBack(size);
                    }
                    else {
                        refused++;
                    }
                }
                return new long[] { taken, refused };
            }));
        }
        long taken = 0;
        for (Future<long[]> result : results) {
            taken += result.get(60, TimeUnit.SECONDS)[0];
        }
        takers.shutdown();

        assertThat(taken).isPositive();
        assertThat(bodies.bytes()).as("every byte given back").isZero();
        // a body over the bound is only taken alone: while a body within it is held, so is the bound
        assertThat(worst.get()).as("most held beside a body within the bound").isLessThanOrEqualTo(limit);
        assertThat(oversizeAlone.get()).as("oversize bodies taken (each alone)").isPositive();
    }

    @Test
    void aBodyThatDoesNotFitWaitsForRoomGivenBackAndIsRefusedWhenNoneComes() throws Exception {
        BodiesInFlight bodies = new BodiesInFlight(100);
        assertThat(bodies.tryTake(80)).isTrue();

        long started = System.nanoTime();
        assertThat(bodies.take(50, TimeUnit.MILLISECONDS.toNanos(200))).isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));

        Thread giver = new Thread(() -> {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            bodies.giveBack(80);
        });
        giver.start();
        assertThat(bodies.take(50, TimeUnit.SECONDS.toNanos(10))).isTrue();
        giver.join();
        assertThat(bodies.bytes()).isEqualTo(50);
    }

    @Test
    void beyondSoManyWaitingABodyThatDoesNotFitIsRefusedAtOnceSoWaitersCannotTakeEveryRequestThread()
            throws Exception {
        BodiesInFlight bodies = new BodiesInFlight(100);
        assertThat(bodies.tryTake(80)).isTrue();
        int beyond = 40;
        ExecutorService takers = Executors.newFixedThreadPool(BodiesInFlight.MAX_WAITING + beyond);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < BodiesInFlight.MAX_WAITING + beyond; i++) {
            results.add(takers.submit(() -> {
                if (!bodies.take(50, TimeUnit.SECONDS.toNanos(60))) {
                    return false;
                }
                bodies.giveBack(50);
                return true;
            }));
        }
        // with the bound held, the ones that came when the waiting were many are refused without waiting
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (results.stream().filter(Future::isDone).count() < beyond) {
            assertThat(System.nanoTime()).as("refused at once: " + beyond).isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(results.stream().filter(Future::isDone).toList()).hasSize(beyond)
            .allSatisfy((refused) -> assertThat(refused.get()).isFalse());

        bodies.giveBack(80);
        int taken = 0;
        for (Future<Boolean> result : results) {
            taken += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        takers.shutdown();
        assertThat(taken).as("the waiting ones, once room came back").isEqualTo(BodiesInFlight.MAX_WAITING);
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void unsetTheBoundIsASixteenthOfTheHeapAndNeverLessThanOneBody() {
        SampleHttpProperties properties = new SampleHttpProperties();
        assertThat(BodiesInFlightFilter.limit(properties, 256L << 20)).isEqualTo(16L << 20);
        assertThat(BodiesInFlightFilter.limit(properties, 32L << 20)).isEqualTo(5L << 20);
        properties.setMaxBodyBytesInFlight(DataSize.ofMegabytes(3));
        assertThat(BodiesInFlightFilter.limit(properties, 256L << 20)).isEqualTo(3L << 20);
    }

}
