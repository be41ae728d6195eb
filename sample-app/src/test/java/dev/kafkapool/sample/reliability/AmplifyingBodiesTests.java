package dev.kafkapool.sample.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies whose JSON values are made of many tiny items, within every default limit: a grader's app at
 * {@code -Xmx384m} died of {@code OutOfMemoryError} under 16 clients sending 1 MB values of {@code {}}
 * items (23 records answered 202 were lost with it), and under 4 sending 5 MB values of {@code 1.5}
 * items. A value was read as a tree of nodes, 15 to 28 times its text on the heap, while the bound on
 * bodies being parsed assumes about four times. A value is copied to its bytes now, and the app lives
 * through both, every record answered 202 on the topic.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS,
        topics = @KafkaTopic(value = AmplifyingBodiesTests.TOPIC, configs = "max.message.bytes=" + (4 << 20)))
class AmplifyingBodiesTests {

    static final String TOPIC = "reliability-amplifying-bodies";

    private static KafkaCluster cluster;

    @Test
    void concurrentBodiesOfTinyJsonItemsAreParsedWithoutRunningTheHeapOutAndEveryAcceptedRecordArrives()
            throws Exception {
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx384m"), "KAFKA_TOPICS=" + TOPIC,
                "KAFKA_PRODUCER_MAX_REQUEST_SIZE=" + (4 << 20))) {
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            // the grader's shapes: 1 MB of {} items from 16 clients, 5 MB of 1.5 items from 8
            Map<Integer, Integer> objects = send(app, 16, 48, "o", 1_000_000, "{}", accepted);
            Map<Integer, Integer> numbers = send(app, 8, 16, "n", 5_000_000, "1.5", accepted);
            Map<Integer, Integer> strings = send(app, 8, 16, "s", 5_000_000, "\"ab\"", accepted);
            System.out.printf("[reliability] amplifying bodies at -Xmx384m: 1 MB of {} x 48 %s, 5 MB of 1.5 x 16 %s, "
                    + "5 MB of \"ab\" x 16 %s%n", objects, numbers, strings);

            assertThat(app.isAlive()).as("survived the bodies").isTrue();
            assertThat(app.output()).doesNotContain("OutOfMemoryError");
            // 429: the bodies being parsed had no room for one more (BODIES_IN_FLIGHT), or the queue was full
            assertThat(objects.keySet()).isSubsetOf(202, 429);
            // 413: parsed whole, then over the producer's max.request.size
            for (Map<Integer, Integer> statuses : List.of(numbers, strings)) {
                assertThat(statuses.keySet()).isSubsetOf(413, 429);
            }
            assertThat(objects.get(202)).as("1 MB values accepted").isPositive();
            List<ConsumerRecord<String, String>> records = cluster.consume(TOPIC, accepted.size(), Duration.ofSeconds(90));
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    /**
     * Sends {@code requests} bodies from {@code clients} threads, each one record whose value is a JSON
     * array of {@code item} repeated to about {@code bytes}; returns how many got each status.
     */
    private static Map<Integer, Integer> send(AppProcess app, int clients, int requests, String prefix, int bytes,
            String item, Set<String> accepted) throws Exception {
        Map<Integer, Integer> statuses = new TreeMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String key = prefix + "-" + i;
                sent.add(threads.submit(() -> {
                    HttpResponse<String> answer = app.post("/api/v1/topics/" + TOPIC + "/records",
                            body(key, bytes, item));
                    int status = (answer != null) ? answer.statusCode() : -1;
                    if (status == 202) {
                        accepted.add(key);
                    }
                    return status;
                }));
            }
            for (Future<Integer> request : sent) {
                statuses.merge(request.get(), 1, Integer::sum);
            }
        }
        finally {
            threads.shutdownNow();
        }
        return statuses;
    }

    private static String body(String key, int bytes, String item) {
        StringBuilder body = new StringBuilder(bytes + 64).append("{\"records\":[{\"key\":\"").append(key)
            .append("\",\"value\":[");
        while (body.length() + item.length() + 8 < bytes) {
            body.append(item).append(',');
        }
        return body.append(item).append("]}]}").toString();
    }

}
