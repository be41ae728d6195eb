package dev.kafkapool.sample.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening finding 2, as production met it: the broker frozen, the app at {@code -Xmx384m}, 90
 * requests of about 1.3 MB, each one record with 120,000 tiny headers. Such a record holds about
 * 12 MB of heap while it waits. With the sample's header limits the requests are refused 413
 * while they are read; with the limits raised, the pool's byte bound (which counts what a queued
 * record really holds) refuses all but a few with 429, and those few are delivered once the broker
 * resumes. Either way the app does not run out of memory.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS,
        topics = @KafkaTopic(value = HeaderFloodTests.TOPIC, configs = "max.message.bytes=" + (4 << 20)))
class HeaderFloodTests {

    static final String TOPIC = "reliability-header-flood";

    private static final int HEADERS = 120_000;

    private static final int REQUESTS = 90;

    private static final List<String> JVM = List.of("-Xmx384m");

    private static KafkaCluster cluster;

    @Test
    void theSampleRefusesAHeaderFloodWhileReadingIt() throws Exception {
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + TOPIC)) {
            Map<Integer, Integer> statuses = flood(app, ConcurrentHashMap.newKeySet());

            assertThat(statuses).containsOnlyKeys(413).containsEntry(413, REQUESTS);
            assertThat(app.isAlive()).isTrue();
            assertThat(app.output()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void withTheHeaderLimitsRaisedThePoolsByteBoundHoldsAgainstAFrozenBroker() throws Exception {
        KafkaBroker broker = cluster.broker(1);
        try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + TOPIC,
                "SAMPLE_HTTP_MAX_HEADERS_PER_RECORD=200000", "SAMPLE_HTTP_MAX_HEADER_BYTES=4MB",
                "KAFKA_PRODUCER_MAX_REQUEST_SIZE=" + (4 << 20), "KAFKA_SHUTDOWN_TIMEOUT=1s")) {
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            long liveBytes;
            Map<Integer, Integer> statuses;
            broker.freeze();
            try {
                statuses = flood(app, accepted);
                liveBytes = app.liveHeapBytes();
                assertThat(app.isAlive()).as("survived the flood").isTrue();
            }
            finally {
                broker.resume();
            }
            System.out.printf("[reliability] header flood (%d requests x %d headers, broker frozen, -Xmx384m): "
                    + "answers %s; live heap after GC %d MB%n", REQUESTS, HEADERS, statuses, liveBytes >> 20);
            assertThat(statuses).containsOnlyKeys(202, 429);
            assertThat(statuses.get(202)).as("accepted until the 64 MB byte bound").isBetween(1, 10);
            assertThat(liveBytes).as("live heap: the queue bound plus the app's baseline and the producer's buffer")
                .isLessThan(64L * 1024 * 1024 + OverloadTests.MARGIN_BYTES);
            assertThat(app.output()).doesNotContain("OutOfMemoryError");

            List<ConsumerRecord<String, String>> records = cluster.consume(TOPIC, accepted.size(), Duration.ofSeconds(90));
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(records).allSatisfy((record) -> assertThat(record.headers().toArray()).hasSize(HEADERS));
        }
    }

    /** Sends the 90 requests from three clients; returns how many got each status. */
    private static Map<Integer, Integer> flood(AppProcess app, Set<String> accepted) throws Exception {
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String key = "flood-" + i;
                sent.add(clients.submit(() -> {
                    HttpResponse<String> answer = app.post("/api/v1/topics/" + TOPIC + "/records", body(key));
                    int status = (answer != null) ? answer.statusCode() : -1;
                    counts.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
                    if (status == 202) {
                        accepted.add(key);
                    }
                }));
            }
            for (Future<?> request : sent) {
                request.get();
            }
        }
        finally {
            clients.shutdownNow();
        }
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        counts.forEach((status, count) -> statuses.put(status, count.get()));
        return statuses;
    }

    static String body(String key) {
        StringBuilder body = new StringBuilder(HEADERS * 12).append("{\"records\":[{\"key\":\"").append(key)
            .append("\",\"value\":\"v\",\"headers\":{");
        for (int h = 0; h < HEADERS; h++) {
            body.append(h == 0 ? "" : ",").append("\"h").append(Integer.toString(h, 36)).append("\":\"x\"");
        }
        return body.append("}}]}").toString();
    }

}
