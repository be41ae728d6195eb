package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane's ordered queue against a sorted list, with records mostly in order and some late. */
class AdmissionOrderQueueTests {

    @Test
    void pollsInAdmissionOrderWhateverOrderRecordsArriveIn() {
        long seed = Long.getLong("queue.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            AdmissionOrderQueue queue = new AdmissionOrderQueue();
            List<Long> expected = new ArrayList<>();
            List<Long> polled = new ArrayList<>();
            // near the wrap-around of the stamps, now and then: order is by difference, not value
            long next = random.nextBoolean() ? Long.MAX_VALUE - 50 : random.nextInt(1000);
            for (int step = 0; step < 300; step++) {
                int choice = random.nextInt(10);
                if (choice < 6) {
                    long stamp = next++;
                    queue.add(message(stamp));
                    expected.add(stamp);
                }
                else if (choice < 8 && !expected.isEmpty()) {
                    // a late record: older than the newest queued
                    long stamp = next - 1 - random.nextInt(40) - 1000;
                    queue.add(message(stamp));
                    expected.add(stamp);
                }
                else if (!queue.isEmpty()) {
                    expected.sort((a, b) -> Long.compare(a - b, 0));
                    assertThat(queue.peek().admitted).as("seed %d", seed).isEqualTo(expected.get(0));
                    polled.add(queue.poll().admitted);
                    expected.remove(0);
                }
                assertThat(queue.size()).isEqualTo(expected.size());
            }
            expected.sort((a, b) -> Long.compare(a - b, 0));
            for (PendingMessage pending; (pending = queue.poll()) != null;) {
                assertThat(pending.admitted).as("seed %d", seed).isEqualTo(expected.remove(0));
            }
            assertThat(expected).isEmpty();
            assertThat(queue.isEmpty()).isTrue();
        }
    }

    private static PendingMessage message(long stamp) {
        return new PendingMessage(KafkaMessage.of("t", "k", "v"), stamp);
    }

}
