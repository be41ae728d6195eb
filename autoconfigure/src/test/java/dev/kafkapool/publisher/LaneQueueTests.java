package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LaneQueueTests {

    private final LaneQueue queue = new LaneQueue();

    @Test
    void messagesComeOutInTheOrderTheyWentInAcrossChunks() throws Exception {
        List<PendingMessage> sent = messages(3 * LaneQueue.CHUNK_SIZE + 7);
        sent.forEach(this.queue::offer);
        assertThat(this.queue.size()).isEqualTo(sent.size());

        List<PendingMessage> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(this.queue.poll(1, TimeUnit.SECONDS));
        }

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(this.queue.size()).isZero();
        assertThat(this.queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aRemovedMessageLeavesAHoleThatThePollSkips() throws Exception {
        List<PendingMessage> sent = messages(5);
        sent.forEach(this.queue::offer);

        assertThat(this.queue.remove(sent.get(1))).isTrue();
        assertThat(this.queue.remove(sent.get(1))).isFalse();

        assertThat(this.queue.size()).isEqualTo(4);
        assertThat(this.queue.poll(1, TimeUnit.SECONDS)).isSameAs(sent.get(0));
        assertThat(this.queue.poll(1, TimeUnit.SECONDS)).isSameAs(sent.get(2));
    }

    @Test
    void drainToTakesEverythingOldestFirst() {
        List<PendingMessage> sent = messages(LaneQueue.CHUNK_SIZE + 3);
        sent.forEach(this.queue::offer);
        this.queue.remove(sent.get(5));

        List<PendingMessage> drained = new ArrayList<>();
        this.queue.drainTo(drained);

        List<PendingMessage> expected = new ArrayList<>(sent);
        expected.remove(5);
        assertThat(drained).containsExactlyElementsOf(expected);
        assertThat(this.queue.size()).isZero();
    }

    @Test
    void aWaitingPollWakesWhenAMessageArrives() throws Exception {
        PendingMessage message = messages(1).get(0);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            var polled = worker.submit(() -> this.queue.poll(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            this.queue.offer(message);
            assertThat(polled.get(2, TimeUnit.SECONDS)).isSameAs(message);
        }
        finally {
            worker.shutdownNow();
        }
    }

    @Test
    void anInterruptedWorkerStopsWaiting() {
        Thread.currentThread().interrupt();
        assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> this.queue.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void concurrentPublishersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int publishers = 4;
        int each = 20_000;
        List<List<PendingMessage>> sent = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            sent.add(messages(each));
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
        List<PendingMessage> received = new ArrayList<>();
        while (received.size() < publishers * each) {
            PendingMessage next = this.queue.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("message %d", received.size()).isNotNull();
            received.add(next);
        }
        pool.shutdown();

        for (List<PendingMessage> batch : sent) {
            List<PendingMessage> own = received.stream().filter(batch::contains).toList();
            assertThat(own).containsExactlyElementsOf(batch);
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
