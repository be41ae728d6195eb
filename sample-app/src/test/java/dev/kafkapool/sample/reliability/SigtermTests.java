package dev.kafkapool.sample.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios 4 and 5: SIGTERM to a sample app process, as Kubernetes sends it. With the broker up,
 * 50,000 queued records are all delivered before the process exits; with the broker down, the
 * process exits within the shutdown timeout and the ERROR log states exactly how many records
 * were not delivered.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
class SigtermTests {

    private static final List<String> JVM = List.of("-Xmx512m");

    private static KafkaCluster cluster;

    @Test
    void fiftyThousandQueuedRecordsAreDeliveredBeforeTheProcessExits() throws Exception {
        String topic = "reliability-sigterm-drain";
        cluster.createTopic(topic, 3);
        KafkaBroker broker = cluster.broker(1);
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic, "KAFKA_SHUTDOWN_TIMEOUT=30s")) {
            LoadGenerator load = new LoadGenerator(app.port(), topic, 1000, 16);
            long started;
            broker.freeze();
            try {
                for (int i = 0; i < 50; i++) {
                    load.sendOne();
                }
                load.awaitAnswers(Duration.ofSeconds(60));
                assertThat(load.accepted()).hasSize(50_000);
                // the queue and in-flight gauges are read one after the other while the workers move records
                // from one to the other: wait for a scrape that reads them settled
                long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (queued(app) != 50_000 && System.nanoTime() < settled) {
                    LoadGenerator.sleep(100);
                }
                assertThat(queued(app)).as("held by the pool at SIGTERM").isEqualTo(50_000);
                started = System.nanoTime();
                app.sigterm();
                // the broker answers again only once the drain has begun, so that the drain is what delivers them
                long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!app.output().contains("Draining") && System.nanoTime() < drain) {
                    LoadGenerator.sleep(20);
                }
            }
            finally {
                broker.resume();
            }
            assertThat(app.awaitExit(Duration.ofSeconds(45))).as("exited").isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            KeyComparison consumed = cluster.read(topic, load.accepted().size(), Duration.ofSeconds(120))
                .compareKeys(load.accepted());
            System.out.printf("[reliability] SIGTERM with 50,000 queued, broker up: exit %d after %d ms; consumed=%s%n",
                    app.exitCode(), millis, consumed);
            assertThat(millis).as("exit within KAFKA_SHUTDOWN_TIMEOUT").isLessThan(30_000);
            Matcher draining = Pattern.compile("Draining (\\d+) message\\(s\\)").matcher(app.output());
            assertThat(draining.find()).as("the pool drained at SIGTERM").isTrue();
            System.out.printf("[reliability] %s were still queued when the shutdown began%n", draining.group(1));
            assertThat(Integer.parseInt(draining.group(1))).as("still queued at SIGTERM").isGreaterThan(45_000);
            assertThat(app.output()).doesNotContain("NOT delivered");
            assertThat(consumed.missing()).isZero();
            assertThat(consumed.duplicated()).isZero();
            assertThat(consumed.unexpected()).isZero();
            // the order of the phases: with Spring Kafka's own phase the listener stopped before the web server,
            // which went on answering 202 while a consumer closed against a broker that did not answer
            String output = app.output();
            int webServer = output.indexOf("Commencing graceful shutdown");
            int listener = output.indexOf("Consumer stopped", Math.max(webServer, 0));
            assertThat(webServer).as("the web server stops taking requests").isNotNegative();
            assertThat(listener).as("then the listener stops").isGreaterThan(webServer);
            assertThat(output.indexOf("Draining")).as("then the pool drains").isGreaterThan(listener);
        }
    }

    @Test
    void withTheBrokerDownTheProcessExitsInTimeAndCountsWhatItCouldNotDeliver() throws Exception {
        String topic = "reliability-sigterm-down";
        cluster.createTopic(topic, 1);
        KafkaBroker broker = cluster.broker(1);
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic, "KAFKA_SHUTDOWN_TIMEOUT=5s")) {
            broker.stop();
            try {
                LoadGenerator load = new LoadGenerator(app.port(), topic, 100, 16);
                for (int i = 0; i < 10; i++) {
                    load.sendOne();
                }
                load.awaitAnswers(Duration.ofSeconds(30));
                assertThat(load.accepted()).hasSize(1000);

                long started = System.nanoTime();
                app.sigterm();
                assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exited").isTrue();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                Matcher reported = Pattern.compile("(\\d+) message\\(s\\) were NOT delivered").matcher(app.output());
                assertThat(reported.find()).as("the ERROR line with the count").isTrue();
                System.out.printf("[reliability] SIGTERM with the broker down: exit %d after %d ms; accepted=%d, "
                        + "reported undelivered=%s (lost until a disk journal exists)%n", app.exitCode(), millis,
                        load.accepted().size(), reported.group(1));
                assertThat(Integer.parseInt(reported.group(1))).isEqualTo(1000);
                assertThat(millis).as("exit within KAFKA_SHUTDOWN_TIMEOUT plus JVM teardown").isLessThan(5_000 + 5_000);
                assertThat(app.output()).contains("undelivered 1000/1000: topic=" + topic);
            }
            finally {
                broker.restart();
            }
        }
    }

    /**
     * A small heap and a queue that may hold a million messages, filled with tiny records behind a broker that does
     * not answer: the records the producer held took twice the heap the byte bound had counted for them, and the
     * shutdown that then reported them ran out of memory and logged none of them.
     */
    @Test
    void aFullQueueOfTinyRecordsOnASmallHeapIsReportedAtShutdownWithoutRunningOutOfMemory() throws Exception {
        String topic = "reliability-sigterm-small-heap";
        cluster.createTopic(topic, 1);
        KafkaBroker broker = cluster.broker(1);
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx256m"), "KAFKA_TOPICS=" + topic,
                "KAFKA_QUEUE_CAPACITY=1000000", "KAFKA_SHUTDOWN_TIMEOUT=5s")) {
            LoadGenerator load = new LoadGenerator(app.port(), topic, 1000, 0);
            try {
                deliverOneBatchThenFillBehindAFrozenBroker(app, load, broker);
                long held = load.accepted().size() - 1000;
                app.sigterm();
                assertThat(app.awaitExit(Duration.ofSeconds(60))).as("exited").isTrue();
                Matcher reported = Pattern.compile("(\\d+) message\\(s\\) were NOT delivered").matcher(app.output());
                System.out.printf("[reliability] SIGTERM with a full queue of tiny records on -Xmx256m: accepted=%d, "
                        + "held=%d, reported undelivered=%s%n", load.accepted().size(), held,
                        reported.find() ? reported.group(1) : "none");
                assertThat(app.output()).doesNotContain("OutOfMemoryError");
                assertThat(reported.find(0)).as("the ERROR line with the count").isTrue();
                assertThat(Long.parseLong(reported.group(1))).isEqualTo(held);
                assertThat(app.output()).contains("undelivered " + held + "/" + held + ": topic=" + topic);
            }
            finally {
                broker.resume();
            }
        }
    }

    /**
     * The same with a journal: records admitted with their payloads on disk only were counted at their entry alone,
     * 56 bytes, while the producer held 462 for each, and 537,000 of them ran the 256 MB heap out of memory.
     */
    @Test
    void aFullJournaledQueueOfTinyRecordsOnASmallHeapIsKeptAtShutdownWithoutRunningOutOfMemory(@TempDir Path journal)
            throws Exception {
        String topic = "reliability-sigterm-small-heap-journal";
        cluster.createTopic(topic, 1);
        KafkaBroker broker = cluster.broker(1);
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                "KAFKA_TOPICS=" + topic, "KAFKA_QUEUE_CAPACITY=1000000", "KAFKA_SHUTDOWN_TIMEOUT=5s",
                "KAFKA_JOURNAL_DIR=" + journal)) {
            LoadGenerator load = new LoadGenerator(app.port(), topic, 1000, 0);
            try {
                deliverOneBatchThenFillBehindAFrozenBroker(app, load, broker);
                long held = load.accepted().size() - 1000;
                app.sigterm();
                assertThat(app.awaitExit(Duration.ofSeconds(60))).as("exited").isTrue();
                Matcher kept = Pattern.compile("(\\d+) message\\(s\\) were not delivered before the pool stopped; "
                        + "the journal at").matcher(app.output());
                System.out.printf("[reliability] SIGTERM with a full journaled queue of tiny records on -Xmx256m: "
                        + "accepted=%d, held=%d, kept=%s, exit %d%n", load.accepted().size(), held,
                        kept.find() ? kept.group(1) : "none", app.exitCode());
                assertThat(app.output()).doesNotContain("OutOfMemoryError");
                assertThat(kept.find(0)).as("the WARN line with the count").isTrue();
                assertThat(Long.parseLong(kept.group(1))).isEqualTo(held);
            }
            finally {
                broker.resume();
            }
        }
    }

    /**
     * Publishes a batch of 1,000 tiny records and waits for its delivery (so the topic's metadata is known), freezes
     * the broker, and publishes batches until the pool refuses one: at least one 429 among them.
     */
    private static void deliverOneBatchThenFillBehindAFrozenBroker(AppProcess app, LoadGenerator load,
            KafkaBroker broker) {
        load.sendOne();
        load.awaitAnswers(Duration.ofSeconds(30));
        long delivered = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queued(app) != 0 && System.nanoTime() < delivered) {
            LoadGenerator.sleep(100);
        }
        assertThat(queued(app)).as("the first batch delivered, the topic's metadata known").isZero();
        broker.freeze();
        for (int round = 0; round < 80 && load.answers().stream().noneMatch((a) -> a.status() == 429); round++) {
            for (int i = 0; i < 10; i++) {
                load.sendOne();
            }
            load.awaitAnswers(Duration.ofSeconds(60));
        }
        assertThat(load.answers()).as("the queue filled up").anyMatch((answer) -> answer.status() == 429);
    }

    private static long queued(AppProcess app) {
        String metrics = app.body("/actuator/prometheus");
        return value(metrics, "kafka_publisher_queue_messages") + value(metrics, "kafka_publisher_in_flight");
    }

    static long value(String prometheus, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E]+)$").matcher(prometheus);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }

}
