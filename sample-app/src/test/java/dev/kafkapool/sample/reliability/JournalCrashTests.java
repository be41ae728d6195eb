package dev.kafkapool.sample.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable journal ({@code KAFKA_JOURNAL_DIR}) against what ends processes for real: SIGKILL
 * under load (five times, once with the broker killed too), an {@code OutOfMemoryError} with
 * {@code -XX:+ExitOnOutOfMemoryError}, a damaged segment file between runs, and a backlog four
 * times the heap. The invariant everywhere: every record answered 202 is in Kafka after the last
 * start; duplicates come only from records the broker had taken when the process died, and carry
 * the same {@code kafka-pool-id}.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
class JournalCrashTests {

    private static final String ID_HEADER = "kafka-pool-id";

    private static final List<String> JVM = List.of("-Xmx384m");

    private static KafkaCluster cluster;

    @TempDir
    Path journal;

    @Test
    void everyAcceptedRecordSurvivesFiveKillsUnderLoadAndABrokerKill() throws Exception {
        String topic = "reliability-journal-kill";
        cluster.createTopic(topic, 3);
        KafkaBroker broker = cluster.broker(1);
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        Set<String> accepted = new HashSet<>();
        long sent = 0;
        List<String> rounds = new ArrayList<>();
        List<Integer> acceptedPerRound = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                    "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=256MB");
            long replayed = SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_journal_replayed_total");
            LoadGenerator load = new LoadGenerator(app.port(), topic, 20, 32, "r" + round + "-");
            long killAfter = 2_000 + random.nextInt(6_000);
            Thread traffic = new Thread(() -> load.run(100, Duration.ofMillis(killAfter + 500)));
            traffic.start();
            boolean brokerKilled = round == 3;
            if (brokerKilled) {
                // the broker dies first; the app takes records into its journal, then dies as well
                LoadGenerator.sleep(killAfter / 3);
                broker.kill();
                LoadGenerator.sleep(killAfter - killAfter / 3);
            }
            else {
                LoadGenerator.sleep(killAfter);
            }
            app.close();
            traffic.join();
            if (brokerKilled) {
                broker.restart();
                cluster.awaitBrokersRegistered(1, Duration.ofSeconds(60));
            }
            accepted.addAll(load.accepted());
            acceptedPerRound.add(load.accepted().size());
            sent += load.sentRecords();
            rounds.add(String.format("round %d: SIGKILL after %d ms%s, replayed at start %d, accepted %d", round,
                    killAfter, brokerKilled ? " (broker killed too)" : "", replayed, load.accepted().size()));
        }
        long replayedAtLastStart;
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=256MB")) {
            replayedAtLastStart = SigtermTests.value(app.body("/actuator/prometheus"),
                    "kafka_publisher_journal_replayed_total");
            awaitJournalEmpty(app);
        }

        Consumed consumed = consume(topic, accepted.size(), Duration.ofSeconds(120), (value) -> null);
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(consumed.keys.keySet());
        long duplicates = consumed.total - consumed.keys.size();
        long unexpected = consumed.keys.keySet().stream().filter((key) -> !accepted.contains(key)).count();
        rounds.forEach((line) -> System.out.println("[reliability] journal kill " + line));
        System.out.printf("[reliability] journal: 5 SIGKILLs at 2,000 records/s (seed %d): sent=%d accepted=%d "
                + "replayed at the last start=%d consumed=%d missing=%d duplicates=%d (all with one id: %s) "
                + "unanswered-but-delivered=%d%n", seed, sent, accepted.size(), replayedAtLastStart, consumed.total,
                missing.size(), duplicates, consumed.duplicatesShareTheirId, unexpected);
        // each death came under load: at least a quarter second of the offered 2,000 records/s answered 202 before it
        // (how many more depends on the machine's speed: a loaded machine once had 15,800 in all)
        assertThat(acceptedPerRound).as("seed %d: accepted per round", seed).allSatisfy(
                (count) -> assertThat(count).isGreaterThanOrEqualTo(500));
        assertThat(missing).as("seed %d: answered 202 and never in Kafka", seed).isEmpty();
        assertThat(consumed.duplicatesShareTheirId).as("a duplicate is the same record sent again").isTrue();
        // the documented bound: what the producers held unanswered at each death, at most
        // max.in.flight.requests.per.connection (5) batches of batch.size (16 KB) per partition (3)
        // per worker (2); a record here takes ~120 bytes in a batch
        long boundPerKill = 2L * 3 * 5 * (16_384 / 120);
        assertThat(duplicates).as("seed %d", seed).isLessThanOrEqualTo(5 * boundPerKill);
        assertThat(unexpected).as("records of requests cut off by a kill: journaled, never answered")
            .isLessThanOrEqualTo(sent - accepted.size());
    }

    @Test
    void keyedRecordsKeepTheirOrderPerKeyAcrossSigkillsOnceRepeatsAreDroppedById() throws Exception {
        String topic = "reliability-journal-order";
        cluster.createTopic(topic, 3);
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        int keys = 8;
        // per key, the sequence numbers answered 202, in the order they were sent (one request at a time)
        Map<String, List<Integer>> accepted = new HashMap<>();
        int sequence = 0;
        for (int round = 1; round <= 3; round++) {
            AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                    "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=64MB");
            long killAfter = 1_000 + random.nextInt(3_000);
            Thread killer = new Thread(() -> {
                LoadGenerator.sleep(killAfter);
                app.close();
            });
            killer.start();
            while (killer.isAlive()) {
                StringBuilder json = new StringBuilder("{\"records\":[");
                for (int key = 0; key < keys; key++) {
                    json.append((key == 0) ? "" : ",").append("{\"key\":\"k").append(key)
                        .append("\",\"value\":{\"seq\":").append(sequence).append("}}");
                }
                HttpResponse<String> answer = app.post("/api/v1/topics/" + topic + "/records", json.append("]}").toString());
                if (answer != null && answer.statusCode() == 202) {
                    for (int key = 0; key < keys; key++) {
                        accepted.computeIfAbsent("k" + key, (k) -> new ArrayList<>()).add(sequence);
                    }
                }
                sequence++;
            }
            killer.join();
        }
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=64MB")) {
            awaitJournalEmpty(app);
        }

        // per key, in partition order: the sequence of each record, its first copy only (repeats dropped by id)
        Map<String, List<Integer>> delivered = new HashMap<>();
        Set<String> ids = new HashSet<>();
        int total = accepted.values().stream().mapToInt(List::size).sum();
        Pattern seq = Pattern.compile("\"seq\":(\\d+)");
        consume(topic, total, Duration.ofSeconds(120), (record) -> {
            String id = HexFormat.of().formatHex(record.headers().lastHeader(ID_HEADER).value());
            if (ids.add(id)) {
                Matcher value = seq.matcher(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
                delivered.computeIfAbsent(record.key(), (k) -> new ArrayList<>())
                    .add(value.find() ? Integer.parseInt(value.group(1)) : -1);
            }
            return null;
        });
        System.out.printf("[reliability] journal: per-key order across 3 SIGKILLs (seed %d): %d records accepted "
                + "in %d requests sent one at a time, %d delivered once repeats were dropped%n", seed, total, sequence,
                delivered.values().stream().mapToInt(List::size).sum());
        assertThat(total).as("seed %d", seed).isGreaterThan(100);
        for (Map.Entry<String, List<Integer>> key : accepted.entrySet()) {
            List<Integer> order = delivered.getOrDefault(key.getKey(), List.of());
            assertThat(order).as("seed %d: key %s, in the order delivered", seed, key.getKey()).isSorted()
                .doesNotHaveDuplicates()
                .containsAll(key.getValue());
        }
    }

    @Test
    void recordsAcceptedBeforeAnOutOfMemoryErrorAreDeliveredByTheNextStart() throws Exception {
        String topic = "reliability-journal-oom";
        cluster.ensureTopic(topic, 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
        KafkaBroker broker = cluster.broker(1);
        List<String> settings = List.of("KAFKA_TOPICS=" + topic, "KAFKA_JOURNAL_DIR=" + this.journal,
                "KAFKA_PRODUCER_MAX_REQUEST_SIZE=" + (4 << 20));
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        int exitCode;
        AppProcess app = AppProcess.start(cluster, List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError"),
                with(settings, "SAMPLE_HTTP_MAX_HEADERS_PER_RECORD=200000", "SAMPLE_HTTP_MAX_HEADER_BYTES=4MB",
                        // a byte bound far above the heap: the header flood of the hardening issue
                        // runs the process out of memory, as it did before the bound existed
                        "KAFKA_QUEUE_MAX_BYTES=4GB").toArray(String[]::new));
        broker.freeze();
        try {
            headerFlood(app, topic, accepted);
            assertThat(app.awaitExit(Duration.ofSeconds(60))).as("the process ran out of memory and exited").isTrue();
            exitCode = app.exitCode();
            assertThat(app.output()).contains("OutOfMemoryError");
        }
        finally {
            app.close();
            broker.resume();
        }
        try (AppProcess restarted = AppProcess.start(cluster, JVM, settings.toArray(String[]::new))) {
            awaitJournalEmpty(restarted);
        }
        Consumed consumed = consume(topic, accepted.size(), Duration.ofSeconds(120), (value) -> null);
        System.out.printf("[reliability] journal: header flood to OutOfMemoryError (exit %d): accepted=%d, "
                + "consumed after restart=%d%n", exitCode, accepted.size(), consumed.total);
        assertThat(accepted).as("some requests were answered 202 before the process died").isNotEmpty();
        assertThat(consumed.keys.keySet()).containsAll(accepted);
    }

    @Test
    void aDamagedSegmentIsReportedAndSkippedAndEveryOtherRecordIsDelivered() throws Exception {
        String topic = "reliability-journal-damage";
        cluster.createTopic(topic, 1);
        KafkaBroker broker = cluster.broker(1);
        LoadGenerator load;
        AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic, "KAFKA_JOURNAL_DIR=" + this.journal,
                "KAFKA_JOURNAL_MAX_BYTES=64MB");
        // stopped, not frozen: nothing the app sends can reach the log later
        broker.stop();
        try {
            load = new LoadGenerator(app.port(), topic, 50, 64, "damage-");
            for (int i = 0; i < 20; i++) {
                load.sendOne();
            }
            load.awaitAnswers(Duration.ofSeconds(30));
            assertThat(load.accepted()).hasSize(1000);
        }
        finally {
            app.close();
            broker.restart();
            cluster.awaitBrokersRegistered(1, Duration.ofSeconds(60));
        }
        Path segment = fullestSegment(this.journal);
        long end = lastNonZeroByte(segment);
        long first = firstRecord(segment);
        flipByte(segment, first + (end - first) / 2);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // torn in the middle of its last record, as a disk that lost the tail would leave it
            channel.truncate(end - 10);
        }

        long corrupt;
        String output;
        try (AppProcess restarted = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=64MB")) {
            corrupt = SigtermTests.value(restarted.body("/actuator/prometheus"), "kafka_publisher_journal_corrupt_total");
            awaitJournalEmpty(restarted);
            output = restarted.output();
        }
        Consumed consumed = consume(topic, 1000 - (int) corrupt, Duration.ofSeconds(60), (value) -> null);
        Set<String> missing = new HashSet<>(load.accepted());
        missing.removeAll(consumed.keys.keySet());
        System.out.printf("[reliability] journal: one flipped byte and a torn tail: corrupt=%d reported, "
                + "missing=%d, delivered=%d of 1000%n", corrupt, missing.size(), consumed.keys.size());
        Matcher reported = Pattern.compile("Journal segment (\\S+) holds a (?:torn|corrupt) record at position (\\d+)")
            .matcher(output);
        assertThat(reported.find()).as("the log names the segment and the position").isTrue();
        assertThat(corrupt).isBetween(1L, 2L);
        assertThat(missing).as("exactly the damaged records are missing").hasSize((int) corrupt);
        assertThat(consumed.keys.keySet()).isSubsetOf(load.accepted());
    }

    @Test
    void aBacklogFourTimesTheHeapWaitsOnDiskAndIsDeliveredInOrder() throws Exception {
        String topic = "reliability-journal-backlog";
        cluster.createTopic(topic, 4);
        KafkaBroker broker = cluster.broker(1);
        int valueBytes = 16 * 1024;
        // 4 clients' bodies of 240 records (3.9 MB each) fit the sample's default bound of bodies being read at
        // -Xmx256m (a sixteenth of the heap, 16 MiB); 274 requests make the 1 GiB backlog
        int perRequest = 240;
        int requests = 274;
        int keys = 16;
        String padding = "b".repeat(valueBytes - 16);
        long liveHeap;
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                "KAFKA_TOPICS=" + topic, "KAFKA_JOURNAL_DIR=" + this.journal, "KAFKA_JOURNAL_MAX_BYTES=2GB",
                "KAFKA_QUEUE_CAPACITY=200000")) {
            broker.stop();
            try {
                long started = System.nanoTime();
                int[] statuses = postBacklog(app, topic, requests, perRequest, keys, padding);
                long admitted = System.nanoTime();
                liveHeap = app.liveHeapBytes();
                System.out.printf("[reliability] journal: 1 GiB backlog (%d records of 16 KiB) admitted with the "
                        + "broker down in %d ms at -Xmx256m; live heap after GC %d MB%n", requests * perRequest,
                        TimeUnit.NANOSECONDS.toMillis(admitted - started), liveHeap >> 20);
                assertThat(statuses).as("every request accepted").containsOnly(202);
            }
            finally {
                broker.restart();
            }
            long restarted = System.nanoTime();
            awaitJournalEmpty(app);
            System.out.printf("[reliability] journal: the 1 GiB backlog was delivered %d ms after the broker "
                    + "returned%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
            assertThat(app.isAlive()).isTrue();
        }
        int total = requests * perRequest;
        Map<String, Integer> lastSequence = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        Consumed consumed = consume(topic, total, Duration.ofSeconds(300), (record) -> {
            Matcher sequence = Pattern.compile("^\"?(\\d+)\\|").matcher(new String(record.value(), 0, 24,
                    java.nio.charset.StandardCharsets.US_ASCII));
            if (!sequence.find()) {
                return "no sequence in " + record.key();
            }
            int number = Integer.parseInt(sequence.group(1));
            Integer previous = lastSequence.put(record.key(), number);
            if (previous != null && previous >= number) {
                outOfOrder.add(record.key() + ": " + number + " after " + previous);
            }
            return (record.value().length >= valueBytes - 16) ? null : "wrong size " + record.value().length;
        });
        assertThat(consumed.problems).isEmpty();
        assertThat(consumed.total).isEqualTo(total);
        assertThat(outOfOrder).as("per-key order").isEmpty();
        assertThat(liveHeap).as("what the backlog holds on the heap").isLessThan(256L << 20);
    }

    /**
     * The journal at its bound when the app dies (the broker down, publish refused with
     * JOURNAL_FULL): the next start must not refuse to open it, or what it holds is never
     * delivered and the app restarts in a loop.
     */
    @Test
    void aJournalFullWhenTheAppIsKilledIsDeliveredByTheNextStartWhichThenTakesRecordsAgain() throws Exception {
        String topic = "reliability-journal-full";
        cluster.createTopic(topic, 3);
        KafkaBroker broker = cluster.broker(1);
        String[] settings = { "KAFKA_TOPICS=" + topic, "KAFKA_JOURNAL_DIR=" + this.journal,
                "KAFKA_JOURNAL_MAX_BYTES=4MB" };
        Set<String> accepted = new HashSet<>();
        String value = "v".repeat(1000);
        boolean brokerStopped = false;
        try (AppProcess app = AppProcess.start(cluster, JVM, settings)) {
            broker.stop();
            brokerStopped = true;
            HttpResponse<String> refused = null;
            for (int i = 0; refused == null && i < 20_000; i++) {
                String key = "full-" + i;
                HttpResponse<String> answer = app.post("/api/v1/topics/" + topic + "/records",
                        "{\"records\":[{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}]}");
                if (answer.statusCode() == 202) {
                    accepted.add(key);
                }
                else {
                    refused = answer;
                }
            }
            assertThat(refused).as("a refusal once the journal is full").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("JOURNAL_FULL");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
        finally {
            if (brokerStopped) {
                broker.restart();
                cluster.awaitBrokersRegistered(1, Duration.ofSeconds(60));
            }
        }
        assertThat(accepted).hasSizeGreaterThan(2_000);

        try (AppProcess app = AppProcess.start(cluster, JVM, settings)) {
            long replayed = SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_journal_replayed_total");
            awaitJournalEmpty(app);
            HttpResponse<String> after = app.post("/api/v1/topics/" + topic + "/records",
                    "{\"records\":[{\"key\":\"after\",\"value\":\"taken again\"}]}");
            // delivered before this app is killed in turn: no start follows to replay it
            awaitJournalEmpty(app);
            System.out.printf("[reliability] journal full at SIGKILL (4MB bound, broker down): accepted=%d, replayed "
                    + "at the next start=%d, a new record after it: %d%n", accepted.size(), replayed, after.statusCode());
            assertThat(replayed).isGreaterThanOrEqualTo(accepted.size());
            assertThat(after.statusCode()).isEqualTo(202);
            accepted.add("after");
        }
        Consumed consumed = consume(topic, accepted.size(), Duration.ofSeconds(120), (record) -> null);
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(consumed.keys.keySet());
        assertThat(missing).as("answered 202 and never in Kafka").isEmpty();
    }

    private static int[] postBacklog(AppProcess app, String topic, int requests, int perRequest, int keys,
            String padding) throws Exception {
        int[] statuses = new int[requests];
        // one client per key group keeps each key's requests in order
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                int first = client;
                sent.add(clients.submit(() -> {
                    for (int request = first; request < requests; request += 4) {
                        StringBuilder body = new StringBuilder(perRequest * (padding.length() + 64))
                            .append("{\"records\":[");
                        for (int i = 0; i < perRequest; i++) {
                            int sequence = request * perRequest + i;
                            // keys of this client only: k<client>-<n>
                            String key = "k" + first + "-" + (i % (keys / 4));
                            body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(key)
                                .append("\",\"value\":\"").append(String.format("%09d", sequence)).append('|')
                                .append(padding, 0, padding.length() - 9).append("\"}");
                        }
                        HttpResponse<String> answer = app.post("/api/v1/topics/" + topic + "/records",
                                body.append("]}").toString());
                        statuses[request] = (answer != null) ? answer.statusCode() : -1;
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(10, TimeUnit.MINUTES);
            }
        }
        finally {
            clients.shutdownNow();
        }
        return statuses;
    }

    /** Sends the header flood of {@code HeaderFloodTests} until the process dies. */
    private static void headerFlood(AppProcess app, String topic, Set<String> accepted) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                String key = "oom-" + i;
                sent.add(clients.submit(() -> {
                    if (!app.isAlive()) {
                        return;
                    }
                    HttpResponse<String> answer = app.post("/api/v1/topics/" + topic + "/records",
                            HeaderFloodTests.body(key));
                    if (answer != null && answer.statusCode() == 202) {
                        accepted.add(key);
                    }
                }));
            }
            for (Future<?> request : sent) {
                request.get(5, TimeUnit.MINUTES);
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    private static List<String> with(List<String> settings, String... more) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(more));
        return all;
    }

    private static void awaitJournalEmpty(AppProcess app) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long unacknowledged;
        do {
            LoadGenerator.sleep(200);
            unacknowledged = SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_journal_unacknowledged");
        }
        while (unacknowledged != 0 && System.nanoTime() < deadline);
        assertThat(unacknowledged).as("records left in the journal").isZero();
    }

    /**
     * Reads the whole topic with a plain consumer, keeping per record only its key, id header and
     * what {@code check} says about it (a problem, or {@code null}): a gigabyte of values is not
     * kept.
     */
    private static Consumed consume(String topic, int expected, Duration timeout,
            java.util.function.Function<ConsumerRecord<String, byte[]>, String> check) {
        Map<String, Object> properties = new HashMap<>(cluster.clientProperties());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Consumed consumed = new Consumed();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map((info) -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(record, check.apply(record));
                }
                if (consumed.total >= expected && quietUntil == Long.MAX_VALUE) {
                    // a little longer, so that duplicates show
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return consumed;
    }

    /** What {@link #consume} read. */
    private static final class Consumed {

        /** Key to the id header of its first copy. */
        final Map<String, String> keys = new HashMap<>();

        final List<String> problems = new ArrayList<>();

        long total;

        boolean duplicatesShareTheirId = true;

        void add(ConsumerRecord<String, byte[]> record, String problem) {
            this.total++;
            Header header = record.headers().lastHeader(ID_HEADER);
            // 16 raw bytes: compared as hex, which no two ids share (a text decoding would fold bytes together)
            String id = (header != null) ? HexFormat.of().formatHex(header.value()) : null;
            if (id == null) {
                this.problems.add("no " + ID_HEADER + " header on " + record.key());
            }
            String first = this.keys.putIfAbsent(record.key(), id);
            if (first != null && !first.equals(id)) {
                this.duplicatesShareTheirId = false;
            }
            if (problem != null && this.problems.size() < 20) {
                this.problems.add(problem);
            }
        }

    }

    /** Where the journal's format puts a segment's first record: the file header says (an int at 40). */
    private static long firstRecord(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer field = ByteBuffer.allocate(4);
            channel.read(field, 40);
            return field.flip().getInt();
        }
    }

    private static Path fullestSegment(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> segments = files.filter((file) -> file.getFileName().toString().endsWith(".journal")).toList();
            Path fullest = null;
            long most = -1;
            for (Path segment : segments) {
                long end = lastNonZeroByte(segment);
                if (end > most) {
                    most = end;
                    fullest = segment;
                }
            }
            return fullest;
        }
    }

    /** One past the last byte that is not zero: where the written records end in a preallocated file. */
    private static long lastNonZeroByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 16);
            for (long end = channel.size(); end > 0;) {
                long start = Math.max(0, end - block.capacity());
                block.clear().limit((int) (end - start));
                channel.read(block, start);
                for (int i = block.limit() - 1; i >= 0; i--) {
                    if (block.get(i) != 0) {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return 0;
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0xFF);
        }
    }

}
