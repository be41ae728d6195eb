package dev.kafkapool.publisher;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts what a pool holds, queued or in flight. A worker moves each record from its queue to the
 * producer, and a record in its hand is in neither count for that moment: the count is read again
 * until it is the expected one (or 5 s pass), and the reading that ended the wait is the one
 * asserted (reading once more could land in the next hand-over).
 */
final class HeldCount {

    private HeldCount() {
    }

    static void assertHeld(Supplier<PublisherStats> stats, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long seen = held(stats.get());
        while (seen != expected && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            seen = held(stats.get());
        }
        assertThat(seen).as("messages queued or in flight").isEqualTo(expected);
    }

    private static long held(PublisherStats stats) {
        return stats.queued() + stats.inFlight();
    }

}
