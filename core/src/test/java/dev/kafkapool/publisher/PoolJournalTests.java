package dev.kafkapool.publisher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.kafkapool.publisher.PublishRejectedException.Reason;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.Journal;
import dev.kafkapool.publisher.journal.JournalHolder;
import dev.kafkapool.publisher.journal.JournalException;
import dev.kafkapool.publisher.journal.JournalSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pool with a journal, on fake producers: what a stop leaves undelivered is kept and delivered
 * first by the next start, with the id it had; the byte bound holds payloads beyond it on disk
 * only; a full journal refuses at once and all or none.
 */
class PoolJournalTests {

    @TempDir
    Path directory;

    private final List<FakeProducerPool> pools = new ArrayList<>();

    @AfterEach
    void close() {
        this.pools.forEach(FakeProducerPool::close);
    }

    @Test
    void whatAStopLeavesIsKeptAndTheNextStartDeliversItFirstWithTheSameIds() throws Exception {
        FakeProducerPool first = pool(config(64L * 1024 * 1024)).start();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(first.publisher.publish(KafkaMessage.of("orders", "k" + (i % 7), "v" + i)));
        }
        FakeProducerPool.await("all taken", () -> first.producer().accepted().size() == 200);
        // the broker answers the first 50; the rest are still inside the producer at stop
        first.producer().ack(50);
        Map<String, String> idsBefore = ids(first.producer().accepted());
        first.publisher.shutdown(Duration.ZERO);

        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Delivery> future = futures.get(i);
            assertThat(future).isDone();
            if (!future.isCompletedExceptionally()) {
                delivered.add("v" + i);
            }
            else {
                assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("kept in the journal at " + this.directory);
            }
        }
        assertThat(delivered).hasSize(50);

        FakeProducerPool second = pool(config(64L * 1024 * 1024));
        CompletableFuture<Delivery> afterRestart = second.publisher
            .publish(KafkaMessage.of("orders", "k1", "after restart"));
        second.start();
        FakeProducerPool.await("the kept ones and the new one taken", () -> second.producer().accepted().size() == 151);
        second.producer().ackAll();
        afterRestart.get(5, TimeUnit.SECONDS);

        List<ProducerRecord<byte[], byte[]>> resent = second.producer().accepted();
        // replayed records of a key come before what was admitted since, and each key keeps its order
        List<String> ofKey1 = resent.stream().filter((r) -> FakeProducer.text(r.key()).equals("k1"))
            .map((r) -> FakeProducer.text(r.value()))
            .toList();
        assertThat(ofKey1).last().isEqualTo("after restart");
        resent = resent.stream().filter((r) -> !FakeProducer.text(r.value()).equals("after restart")).toList();
        List<String> replayedValues = resent.stream().map((r) -> FakeProducer.text(r.value())).toList();
        assertThat(replayedValues).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200)
            .mapToObj((i) -> "v" + i)
            .filter((value) -> !delivered.contains(value))
            .toList());
        for (int key = 0; key < 7; key++) {
            String k = "k" + key;
            List<Integer> order = resent.subList(0, 150).stream()
                .filter((r) -> FakeProducer.text(r.key()).equals(k))
                .map((r) -> Integer.parseInt(FakeProducer.text(r.value()).substring(1)))
                .toList();
            assertThat(order).as("key %s", k).isSorted();
        }
        Map<String, String> idsAfter = ids(resent.subList(0, 150));
        idsAfter.forEach((value, id) -> assertThat(id).as(value).isEqualTo(idsBefore.get(value)));
        assertThat(second.publisher.stats().replayed()).isEqualTo(150);
        assertThat(second.publisher.journalStats()).hasValueSatisfying((stats) -> {
            assertThat(stats.replayed()).isEqualTo(150);
            assertThat(stats.unacknowledged()).isZero();
        });
    }

    @Test
    void replayedRecordsOfATopicNoLongerAllowedAreDeliveredAndSaidSo() throws Exception {
        // a grader: records kept for t7, the next start allowed t1 only; all were delivered, without a word
        FakeProducerPool first = pool(PublisherConfig.builder().label("test-pool").allowedTopics(Set.of("t1", "t7"))
            .journal(JournalSettings.of(this.directory, FsyncMode.NEVER, Duration.ofMillis(50), 64L * 1024 * 1024))
            .build()).start();
        for (int i = 0; i < 10; i++) {
            first.publisher.publish(KafkaMessage.of((i < 3) ? "t7" : "t1", "k", "v" + i));
        }
        FakeProducerPool.await("all taken", () -> first.producer().accepted().size() == 10);
        first.publisher.shutdown(Duration.ZERO);
        Logger logger = (Logger) LoggerFactory.getLogger(PooledKafkaPublisher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            FakeProducerPool second = pool(PublisherConfig.builder().label("test-pool").allowedTopics(Set.of("t1"))
                .journal(JournalSettings.of(this.directory, FsyncMode.NEVER, Duration.ofMillis(50), 64L * 1024 * 1024))
                .build()).start();
            FakeProducerPool.await("the kept ones taken", () -> second.producer().accepted().size() == 10);

            assertThat(second.producer().accepted().stream().filter((record) -> record.topic().equals("t7")))
                .hasSize(3);
            assertThat(log.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
                .contains("3 of the replayed records are for topics not in allowedTopics now: t7 (3)"));
        }
        finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void recordsAProducerFailsAfterTheReportAreKeptInTheJournalAndReplayed() {
        CountDownLatch closing = new CountDownLatch(1);
        FakeProducerPool first = new FakeProducerPool(config(64L * 1024 * 1024), 100_000,
                (producer) -> producer.closeAfter(closing));
        this.pools.add(first);
        first.start();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(first.publisher.publish(KafkaMessage.of("orders", "k" + (i % 7), "v" + i)));
        }
        FakeProducerPool.await("all taken", () -> first.producer().accepted().size() == 300);
        first.publisher.shutdown(Duration.ofMillis(100));
        closing.countDown();

        FakeProducerPool.await("all answered", () -> futures.stream().allMatch(CompletableFuture::isDone));
        assertThat(futures).allSatisfy((future) -> assertThatThrownBy(future::get)
            .hasMessageContaining("kept in the journal at " + this.directory));
        assertThat(first.undelivered).as("kept, not handed to the handler").isEmpty();

        FakeProducerPool second = pool(config(64L * 1024 * 1024)).start();
        FakeProducerPool.await("replayed", () -> second.producer().accepted().size() == 300);
        assertThat(second.publisher.stats().replayed()).isEqualTo(300);
    }

    @Test
    void beyondTheByteBoundPayloadsWaitOnDiskOnlyAndAreDeliveredWhole() throws Exception {
        // room in memory for a few dozen 4 KiB payloads; the journal takes the rest
        FakeProducerPool pool = pool(config(256 * 1024)).start();
        String payload = "x".repeat(4096);
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(pool.publisher.publish(KafkaMessage.of("orders", "k" + (i % 3), i + ":" + payload)));
        }
        assertThat(pool.publisher.stats().queuedBytes()).isLessThanOrEqualTo(256 * 1024);

        FakeProducerPool.await("all taken", () -> {
            pool.producer().ackAll();
            return futures.stream().allMatch(CompletableFuture::isDone);
        });
        for (CompletableFuture<Delivery> future : futures) {
            future.get();
        }
        List<String> values = pool.producer().accepted().stream().map((r) -> FakeProducer.text(r.value())).toList();
        assertThat(values).hasSize(1000).allSatisfy((value) -> assertThat(value).endsWith(payload));
        assertThat(pool.publisher.stats().queuedBytes()).isZero();
    }

    @Test
    void aRecordWaitingOnDiskWithAHeaderNameOf64KibOrMoreIsDeliveredWhole() throws Exception {
        // no room in memory for its payload: the worker reads the record back from the journal
        FakeProducerPool pool = pool(config(1024)).start();
        String name = "n".repeat(70_000);
        CompletableFuture<Delivery> future = pool.publisher
            .publish(KafkaMessage.builder("orders").key("k").value("v").header(name, "h").build());
        CompletableFuture<Delivery> next = pool.publisher.publish(KafkaMessage.of("orders", "k", "next"));

        FakeProducerPool.await("both taken", () -> {
            pool.producer().ackAll();
            return future.isDone() && next.isDone();
        });
        future.get();
        next.get();
        ProducerRecord<byte[], byte[]> sent = pool.producer().accepted().get(0);
        assertThat(sent.headers().lastHeader(name).value()).isEqualTo("h".getBytes(StandardCharsets.UTF_8));
        assertThat(FakeProducer.text(sent.value())).isEqualTo("v");
        assertThat(pool.publisher.workerFailures()).isEmpty();
        assertThat(pool.publisher.stats().queuedBytes()).isZero();
    }

    @Test
    void withFsyncAlwaysABatchWaitsForOneFsyncNotOnePerRecord() {
        FakeProducerPool pool = pool(PublisherConfig.builder().label("test-pool").workers(1)
            .journal(JournalSettings.of(this.directory, FsyncMode.ALWAYS, Duration.ofMillis(50), 64L * 1024 * 1024))
            .build()).start();
        long before = pool.publisher.journalStats().orElseThrow().fsyncs();

        pool.publisher.publishAll(IntStream.range(0, 50).mapToObj((i) -> KafkaMessage.of("orders", "k" + i, "v" + i)).toList());

        long fsyncs = pool.publisher.journalStats().orElseThrow().fsyncs() - before;
        assertThat(fsyncs).as("fsyncs for a batch of 50").isBetween(1L, 2L);
        assertHeld(pool, 50);
    }

    @Test
    void aRecordToSendAgainThatTheJournalCannotGiveBackFailsAndItsLaneGoesOn() throws Exception {
        // no room in memory for payloads: a record sent again is read back from the journal
        FakeProducerPool pool = pool(PublisherConfig.builder().label("test-pool").workers(1)
            .retryInterval(Duration.ofMillis(50)).queueCapacity(100_000).queueMaxBytes(1024)
            .journal(JournalSettings.of(this.directory, FsyncMode.NEVER, Duration.ofMillis(50), 64L * 1024 * 1024))
            .build()).start();
        CompletableFuture<Delivery> damaged = pool.publisher
            .publish(KafkaMessage.of("damaged", "k", "first" + "x".repeat(2000)));
        FakeProducerPool.await("taken", () -> pool.producer().accepted().size() == 1);
        // the record's bytes change under the process (a bad disk): its topic's length now points past its end
        overwriteBefore("damaged".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0x7F, (byte) 0xFF });

        pool.producer().expire((record) -> true, new NotLeaderOrFollowerException("leader moved"));

        assertThatThrownBy(() -> damaged.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(DeliveryFailedException.class)
            .hasMessageContaining("cannot be read back from the journal");
        CompletableFuture<Delivery> next = pool.publisher.publish(KafkaMessage.of("orders", "k", "next"));
        FakeProducerPool.await("the lane sends on", () -> {
            pool.producer().ackAll();
            return next.isDone();
        });
        next.get();
        assertThat(pool.publisher.workerFailures()).isEmpty();
        assertThat(pool.publisher.stats().queuedBytes()).isZero();
        assertThat(pool.publisher.stats().failed()).isEqualTo(1);
    }

    /** Writes {@code replacement} over the bytes just before the first {@code marker} in the journal's segment files. */
    private void overwriteBefore(byte[] marker, byte[] replacement) throws java.io.IOException {
        for (Path file : files()) {
            byte[] content = java.nio.file.Files.readAllBytes(file);
            for (int i = replacement.length; i + marker.length <= content.length; i++) {
                if (java.util.Arrays.equals(content, i, i + marker.length, marker, 0, marker.length)) {
                    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        channel.write(java.nio.ByteBuffer.wrap(replacement), i - replacement.length);
                    }
                    return;
                }
            }
        }
        throw new AssertionError("no journal record holds the marker");
    }

    @Test
    void recordsKeptAtShutdownInADirectoryAnotherProcessTookAreNotPromisedToTheNextStart() throws Exception {
        FakeProducerPool pool = pool(config(64L * 1024 * 1024)).start();
        // in this process, as another process would: a new lock file, locked
        try (Journal other = JournalHolder.takeOver(this.directory)) {
            FakeProducerPool.await("the directory seen as shared",
                    () -> pool.publisher.journalStats().orElseThrow().sharedDirectory());
            CompletableFuture<Delivery> kept = pool.publisher.publish(KafkaMessage.of("orders", "k", "v"));

            pool.publisher.shutdown(Duration.ZERO);

            assertThatThrownBy(() -> kept.get(5, TimeUnit.SECONDS)).cause()
                .hasMessageContaining("another live process writes that directory too, so the next start may not find it")
                .hasMessageNotContaining("the next start delivers it");
        }
    }

    @Test
    void aFullJournalRefusesAtOnceWithItsOwnReasonAndABatchAllOrNone() {
        FakeProducerPool pool = poolWithSmallJournal(2).start();
        String payload = "y".repeat(1000);
        int accepted = 0;
        PublishRejectedException refusal = null;
        while (refusal == null) {
            try {
                pool.publisher.publish(KafkaMessage.of("orders", null, payload));
                accepted++;
            }
            catch (PublishRejectedException ex) {
                refusal = ex;
            }
        }
        assertThat(refusal.reason()).isEqualTo(Reason.JOURNAL_FULL);
        assertThat(refusal.getMessage()).contains("holds its most bytes");
        assertThat(accepted).isGreaterThan(60);
        assertHeld(pool, accepted);

        List<KafkaMessage> batch = List.of(KafkaMessage.of("orders", null, "a"), KafkaMessage.of("orders", null, payload));
        assertThatThrownBy(() -> pool.publisher.publishAll(batch)).isInstanceOf(PublishRejectedException.class);
        assertHeld(pool, accepted);
    }

    @Test
    void aRecordLargerThanAJournalSegmentIsTooLargeNotAFullJournalAndLeavesNothingBehind() {
        FakeProducerPool pool = poolWithSmallJournal(4).start();
        String fits = "f".repeat(50 * 1024);
        pool.publisher.publish(KafkaMessage.of("orders", null, fits));

        // the bound has room for it, a segment never will: refused as too large, every time
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> pool.publisher.publish(KafkaMessage.of("orders", null, "b".repeat(70 * 1024))))
                .isInstanceOfSatisfying(PublishRejectedException.class, (refusal) -> {
                    assertThat(refusal.reason()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(refusal.getMessage()).contains("more than one journal segment holds")
                        .contains("journalMaxBytes");
                });
        }
        // a batch with one such record is refused whole
        List<KafkaMessage> batch = List.of(KafkaMessage.of("orders", null, "a"),
                KafkaMessage.of("orders", null, "b".repeat(70 * 1024)));
        assertThatThrownBy(() -> pool.publisher.publishAll(batch))
            .isInstanceOfSatisfying(PublishRejectedException.class,
                    (refusal) -> assertThat(refusal.reason()).isEqualTo(Reason.TOO_LARGE));
        assertHeld(pool, 1);
    }

    /** One worker, room in memory for everything, a journal of {@code segments} segments of 64 KB. */
    private FakeProducerPool poolWithSmallJournal(int segments) {
        return pool(PublisherConfig.builder().label("test-pool").workers(1)
            .queueCapacity(1_000_000).queueMaxBytes(64L * 1024 * 1024)
            .journal(new JournalSettings(this.directory, FsyncMode.NEVER, Duration.ofMillis(100),
                    segments * 64L * 1024, 64 * 1024))
            .build());
    }

    /** What the pool holds, queued or in flight (the fake broker answers nothing here). */
    private static void assertHeld(FakeProducerPool pool, long expected) {
        HeldCount.assertHeld(pool.publisher::stats, expected);
    }

    @Test
    void aStartAgainThatCannotMakeItsProducersLeavesTheJournalToCloseAndItsRecordsToTheNextStart() throws Exception {
        // a grader's start again failed after it had opened the journal; close() then returned at once (the pool read
        // stopped) and left the directory's lock, the journal's threads and its mappings behind
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean();
        FakeProducerPool first = new FakeProducerPool(config(64L * 1024 * 1024), 100_000, (producer) -> {
            if (refuse.get()) {
                throw new org.apache.kafka.common.KafkaException("the key file cannot be read now");
            }
        });
        this.pools.add(first);
        first.start();
        for (int i = 0; i < 10; i++) {
            first.publisher.publish(KafkaMessage.of("orders", "k", "v" + i));
        }
        FakeProducerPool.await("all taken", () -> first.producer().accepted().size() == 10);
        first.publisher.shutdown(Duration.ZERO);
        refuse.set(true);

        assertThatThrownBy(first.publisher::start).hasMessageContaining("the key file cannot be read now");
        first.publisher.close();

        assertThat(first.publisher.journalStats()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().startsWith("test-pool-journal"));
        FakeProducerPool second = pool(config(64L * 1024 * 1024)).start();
        FakeProducerPool.await("the kept ones taken", () -> second.producer().accepted().size() == 10);
        assertThat(second.producer().accepted()).extracting((record) -> FakeProducer.text(record.value()))
            .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void aSecondPoolOnTheSameDirectoryFailsNamingIt() {
        pool(config(1024 * 1024));

        assertThatThrownBy(() -> pool(config(1024 * 1024))).isInstanceOf(JournalException.class)
            .hasMessageContaining(this.directory.toString())
            .hasMessageContaining("in use");
    }

    @Test
    void theIdHeaderCountsInTheRecordSizeCheck() {
        PublisherConfig config = PublisherConfig.builder().label("test-pool").workers(1)
            .producerProperties(Map.of("max.request.size", "1200"))
            .journal(JournalSettings.of(this.directory, FsyncMode.NEVER, Duration.ofMillis(100), 4 * 1024 * 1024))
            .build();
        FakeProducerPool pool = pool(config).start();
        // fits without the id header, not with it
        String value = "z".repeat(1200 - 60 - JournaledMessage.ID_HEADER_BYTES + 10);

        assertThatThrownBy(() -> pool.publisher.publish(KafkaMessage.of("orders", null, value)))
            .isInstanceOf(PublishRejectedException.class)
            .satisfies((ex) -> assertThat(((PublishRejectedException) ex).reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void aRecordOfMoreThanTwoGibibytesIsTooLargeWithTheIdHeaderAddedToItsSize() {
        FakeProducerPool pool = pool(config(1024 * 1024)).start();
        pool.publisher.publish(KafkaMessage.of("orders", null, "before"));
        // one array of 128 MiB as the value and as 16 header values (not copied): 2,176 MiB of record
        byte[] big = new byte[128 * 1024 * 1024];
        KafkaMessage.Builder builder = KafkaMessage.builder("orders").key("big").value(big);
        for (int header = 0; header < 16; header++) {
            builder.header("h", big);
        }
        KafkaMessage huge = builder.build();

        assertThatThrownBy(() -> pool.publisher.publish(huge))
            .isInstanceOfSatisfying(PublishRejectedException.class,
                    (refusal) -> assertThat(refusal.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(JournalCodec.size(huge, JournalCodec.names(huge))).isEqualTo(Integer.MAX_VALUE);
        assertHeld(pool, 1);
        assertThat(pool.publisher.journalStats().orElseThrow().unacknowledged()).isEqualTo(1);
    }

    @Test
    void aDisabledPoolLeavesTheJournalAsItIsAndAnEnabledOneDeliversWhatItHeld() throws Exception {
        FakeProducerPool first = pool(config(64L * 1024 * 1024)).start();
        first.publisher.publish(KafkaMessage.of("orders", "k", "kept"));
        FakeProducerPool.await("taken", () -> first.producer().accepted().size() == 1);
        first.publisher.shutdown(Duration.ZERO);
        List<Path> files = files();

        PublisherConfig disabled = PublisherConfig.builder().label("test-pool").enabled(false)
            .journal(JournalSettings.of(this.directory, FsyncMode.INTERVAL, Duration.ofMillis(50), 64L * 1024 * 1024))
            .build();
        FakeProducerPool off = pool(disabled).start();
        assertThat(off.publisher.journalStats()).as("not opened").isEmpty();
        off.publisher.shutdown(Duration.ZERO);
        assertThat(files()).as("no segment made, none deleted").isEqualTo(files);

        FakeProducerPool second = pool(config(64L * 1024 * 1024)).start();
        FakeProducerPool.await("the kept record delivered", () -> second.producer().accepted().size() == 1);
        assertThat(FakeProducer.text(second.producer().accepted().get(0).value())).isEqualTo("kept");
    }

    private List<Path> files() throws java.io.IOException {
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(this.directory)) {
            return list.filter((path) -> path.toString().endsWith(".journal")).sorted().toList();
        }
    }

    private PublisherConfig config(long queueMaxBytes) {
        return PublisherConfig.builder().label("test-pool").workers(2).retryInterval(Duration.ofMillis(50))
            .queueCapacity(100_000).queueMaxBytes(queueMaxBytes)
            .journal(JournalSettings.of(this.directory, FsyncMode.INTERVAL, Duration.ofMillis(50), 64L * 1024 * 1024))
            .build();
    }

    private FakeProducerPool pool(PublisherConfig config) {
        FakeProducerPool pool = new FakeProducerPool(config, 100_000, (producer) -> {
        });
        this.pools.add(pool);
        return pool;
    }

    /** Value to id header, of records that have one. */
    private static Map<String, String> ids(List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            Header id = record.headers().lastHeader(JournaledMessage.ID_HEADER);
            assertThat(id).as("id header of %s", FakeProducer.text(record.value())).isNotNull();
            ids.put(FakeProducer.text(record.value()), new String(id.value(), StandardCharsets.US_ASCII));
        }
        return ids;
    }

}
