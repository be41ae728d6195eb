package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
    void thousandsOfMissingTopicsAtOnceAreNamedInAFewLogLinesThatCountTheOthers() throws Exception {
        // a line per made-up topic, written by the lanes' workers: 3,000 topics wrote 3,000 WARN lines (g52c)
        Logger logger = (Logger) LoggerFactory.getLogger(TopicProblems.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            for (int topic = 0; topic < 3000; topic++) {
                this.problems.entry("made-up-" + topic).observe(TopicProblem.Kind.MISSING, System.nanoTime());
            }
            Thread.sleep(1100);
            this.problems.entry("one-more").observe(TopicProblem.Kind.MISSING, System.nanoTime());
        }
        finally {
            logger.detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        // ten lines a second (a slow machine may see the burst cross into a second window)
        assertThat(lines).hasSizeLessThanOrEqualTo(31).hasSizeGreaterThanOrEqualTo(11);
        assertThat(lines.get(0)).contains("Topic 'made-up-0' does not exist on the cluster").doesNotContain("not named here");
        assertThat(lines.get(lines.size() - 1)).contains("Topic 'one-more' does not exist")
            .containsPattern("; [0-9]+ other topic\\(s\\) found missing since the last such line are not named here "
                    + "\\(health counts them; each is named as its records fail\\)");
        // every topic is either named or counted in the next line that is written
        long counted = 0;
        for (String line : lines) {
            java.util.regex.Matcher count = java.util.regex.Pattern.compile("; ([0-9]+) other topic").matcher(line);
            counted += count.find() ? Long.parseLong(count.group(1)) : 0;
        }
        assertThat(lines.size() + counted).isEqualTo(3001);
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
