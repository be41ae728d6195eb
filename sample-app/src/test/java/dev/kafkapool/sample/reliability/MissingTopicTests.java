package dev.kafkapool.sample.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening finding 1, as production met it: a broker without topic auto-creation, the sample app
 * with {@code KAFKA_TOPICS} empty (the chart's default). 32 records to four topics that do not
 * exist must not hold back 40 batches of 10 keyed records with {@code ?wait=true} to a topic that
 * does; the missing topics are named in the log and in health, and their records fail after
 * {@code KAFKA_MISSING_TOPIC_TIMEOUT}.
 */
@Tag("reliability")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, autoCreateTopics = false,
        topics = @KafkaTopic(value = MissingTopicTests.PRESENT, partitions = 3))
class MissingTopicTests {

    static final String PRESENT = "reliability-present";

    private static final Duration MISSING_TOPIC_TIMEOUT = Duration.ofSeconds(10);

    private static KafkaCluster cluster;

    @Test
    void recordsForTopicsThatDoNotExistHoldBackNoOtherTopicAndFailAfterTheTimeout() throws Exception {
        try (AppProcess app = AppProcess.start(cluster, List.of("-Xmx256m"), "KAFKA_TOPICS=",
                "KAFKA_MISSING_TOPIC_TIMEOUT=" + MISSING_TOPIC_TIMEOUT.toSeconds() + "s",
                "MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS=always")) {
            long started = System.nanoTime();
            for (int topic = 0; topic < 4; topic++) {
                StringBuilder body = new StringBuilder("{\"records\":[");
                for (int key = 0; key < 8; key++) {
                    body.append(key == 0 ? "" : ",").append("{\"key\":\"k").append(key).append("\",\"value\":1}");
                }
                HttpResponse<String> answer = app.post("/api/v1/topics/absent-" + topic + "/records",
                        body.append("]}").toString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            }

            long slowestBatchMillis = 0;
            long batchesStarted = System.nanoTime();
            for (int batch = 0; batch < 40; batch++) {
                StringBuilder body = new StringBuilder("{\"records\":[");
                for (int key = 0; key < 10; key++) {
                    body.append(key == 0 ? "" : ",")
                        .append("{\"key\":\"k").append(key).append("\",\"value\":").append(batch).append('}');
                }
                long sent = System.nanoTime();
                HttpResponse<String> answer = app.post("/api/v1/topics/" + PRESENT + "/records?wait=true",
                        body.append("]}").toString());
                slowestBatchMillis = Math.max(slowestBatchMillis,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(answer.statusCode()).as("batch %d: %s", batch, answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("\"offset\"").doesNotContain("\"error\"");
            }
            long batchesMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - batchesStarted);

            String health = app.body("/actuator/health/kafka");
            assertThat(health).contains("\"status\":\"UP\"");
            for (int topic = 0; topic < 4; topic++) {
                assertThat(health).contains("\"absent-" + topic + "\":\"does not exist on the cluster");
            }
            // said as the first record fails, before any is counted as waiting: no count that reads 0
            assertThat(app.output()).contains("Topic 'absent-0' does not exist on the cluster")
                .contains("its records wait up to")
                .doesNotContain("0 record(s) for it wait");

            long deadline = System.nanoTime() + MISSING_TOPIC_TIMEOUT.plusSeconds(20).toNanos();
            while (failed(app) < 32 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(failed(app)).as("the 32 records for missing topics failed").isEqualTo(32);
            assertThat(app.output()).contains("does not exist on the cluster and was not created within");

            List<ConsumerRecord<String, String>> records = cluster.consume(PRESENT, 400, Duration.ofSeconds(60));
            assertThat(records).hasSize(400);
            Map<String, Integer> lastByKey = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                int value = Integer.parseInt(record.value());
                Integer previous = lastByKey.put(record.key(), value);
                assertThat(previous == null || previous < value).as("order of key %s", record.key()).isTrue();
            }
            System.out.printf("[reliability] missing topics: 40 wait=true batches to an existing topic answered in "
                    + "%d ms (slowest %d ms) while 32 records waited for 4 missing topics; those failed %d ms after "
                    + "they were accepted (KAFKA_MISSING_TOPIC_TIMEOUT=%ds)%n", batchesMillis, slowestBatchMillis,
                    failedAfterMillis, MISSING_TOPIC_TIMEOUT.toSeconds());
        }
    }

    private static long failed(AppProcess app) {
        return SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_failed_total");
    }

}
