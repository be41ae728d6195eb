package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The shared list of problem topics that health shows: a delivery clears a topic no record
 * waits for, and a topic some record waits for stays listed, whichever lane gets there first.
 */
class TopicProblemsTests {

    private final TopicProblems problems = new TopicProblems(PublisherConfig.builder().label("test-pool").build());

    @Test
    void aDeliveryClearsATopicNoRecordWaitsFor() {
        this.problems.entry("orders").observe(TopicProblem.Kind.MISSING, System.nanoTime());

        this.problems.delivered("orders");

        assertThat(this.problems.snapshot()).isEmpty();
    }

    @Test
    void aDeliveryLeavesATopicListedWhileARecordWaitsForIt() {
        new TopicWait("orders", this.problems.entry("orders")).add(pending("orders"));

        this.problems.delivered("orders");

        assertThat(this.problems.snapshot()).singleElement()
            .satisfies((problem) -> assertThat(problem.waiting()).isEqualTo(1));
    }

    @Test
    void aRecordThatStartsWaitingAfterADeliveryTookItsTopicOffTheListPutsItBack() {
        // a lane looked the entry up, another lane's delivery cleared it, then the first lane's record waits
        TopicProblems.Entry entry = this.problems.entry("orders");
        this.problems.delivered("orders");
        int generation = this.problems.generation();

        new TopicWait("orders", entry).add(pending("orders"));

        assertThat(this.problems.snapshot()).extracting(TopicProblem::topic, TopicProblem::waiting)
            .containsExactly(tuple("orders", 1));
        assertThat(this.problems.generation()).isNotEqualTo(generation);
        assertThat(this.problems.entry("orders")).isSameAs(entry);
    }

    @Test
    void reListingATopicKeepsTheBoundOnListedTopics() {
        // topic names may come from untrusted input: a full list takes no more, re-listed ones included
        TopicProblems.Entry late = this.problems.entry("late");
        this.problems.delivered("late");
        for (int i = 0; this.problems.snapshot().size() < TopicProblems.MAX_TOPICS; i++) {
            new TopicWait("t" + i, this.problems.entry("t" + i)).add(pending("t" + i));
        }

        new TopicWait("late", late).add(pending("late"));

        assertThat(this.problems.snapshot()).hasSize(TopicProblems.MAX_TOPICS)
            .extracting(TopicProblem::topic).doesNotContain("late");
    }

    @Test
    void aTopicWithAWaitingRecordIsListedWhateverTheOrderOfConcurrentDeliveriesAndWaits() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                String topic = "t" + round;
                TopicProblems.Entry entry = this.problems.entry(topic);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> done = new ArrayList<>();
                done.add(threads.submit(() -> {
                    start.await();
                    new TopicWait(topic, entry).add(pending(topic));
                    return null;
                }));
                done.add(threads.submit(() -> {
                    start.await();
                    this.problems.delivered(topic);
                    return null;
                }));
                for (Future<?> future : done) {
                    future.get(10, TimeUnit.SECONDS);
                }
                assertThat(this.problems.snapshot()).as("round %d", round)
                    .extracting(TopicProblem::topic).contains(topic);
                // the round's record leaves its wait, and the next delivery clears the topic
                entry.recordLeft();
                this.problems.delivered(topic);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(this.problems.snapshot()).isEmpty();
    }

    private static PendingMessage pending(String topic) {
        return new PendingMessage(KafkaMessage.of(topic, "k", "v"), System.nanoTime());
    }

}
