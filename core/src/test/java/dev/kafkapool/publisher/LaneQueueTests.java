package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LaneQueueTests {

    private final LaneQueue queue = new LaneQueue();

    @Test
    void messagesComeOutInTheOrderTheyWentInAcrossChunks() {
        List<PendingMessage> sent = messages(3 * LaneQueue.CHUNK_SIZE + 7);
        sent.forEach(this.queue::offer);
        assertThat(this.queue.size()).isEqualTo(sent.size());

        List<PendingMessage> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(this.queue.poll());
        }

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(this.queue.isEmpty()).isTrue();
        assertThat(this.queue.poll()).isNull();
    }

    @Test
    void drainToTakesEverythingOldestFirst() {
        List<PendingMessage> sent = messages(LaneQueue.CHUNK_SIZE + 3);
        sent.forEach(this.queue::offer);
        this.queue.poll();

        List<PendingMessage> drained = new ArrayList<>();
        this.queue.drainTo(drained::add);

        assertThat(drained).containsExactlyElementsOf(sent.subList(1, sent.size()));
        assertThat(this.queue.size()).isZero();
    }

    @Test
    void concurrentPublishersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int publishers = 4;
        int each = 20_000;
        List<List<PendingMessage>> sent = new ArrayList<>();
        Map<PendingMessage, Integer> publisherOf = new IdentityHashMap<>();
        for (int p = 0; p < publishers; p++) {
            List<PendingMessage> batch = messages(each);
            sent.add(batch);
            for (PendingMessage message : batch) {
                publisherOf.put(message, p);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        for (List<PendingMessage> batch : sent) {
            pool.execute(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                batch.forEach(this.queue::offer);
            });
        }
        start.countDown();
        List<List<PendingMessage>> received = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            received.add(new ArrayList<>());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int total = 0;
        while (total < publishers * each && System.nanoTime() < deadline) {
            PendingMessage next = this.queue.poll();
            if (next == null) {
                Thread.onSpinWait();
                continue;
            }
            received.get(publisherOf.get(next)).add(next);
            total++;
        }
        pool.shutdown();

        assertThat(total).isEqualTo(publishers * each);
        for (int p = 0; p < publishers; p++) {
            assertThat(received.get(p)).containsExactlyElementsOf(sent.get(p));
        }
    }

    private static List<PendingMessage> messages(int count) {
        List<PendingMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new PendingMessage(KafkaMessage.of("t", "k" + i, "v"), i));
        }
        return messages;
    }

}
