package dev.kafkapool.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PublisherStats;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker of its own, frozen (SIGSTOP) while requests arrive: with a queue of five, the sixth
 * record is a 429 with {@code Retry-After} and is never published, while the five queued ones
 * arrive once the broker resumes; a request that waits for acknowledgement is a 504 after the
 * wait timeout, and its record still arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.queue-capacity=" + BrokerOutageTests.QUEUE_CAPACITY, "sample.http.wait-timeout=1s",
                "sample.http.retry-after=2s" })
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS,
        topics = { @KafkaTopic(BrokerOutageTests.TOPIC), @KafkaTopic("orders") })
class BrokerOutageTests {

    static final int QUEUE_CAPACITY = 5;

    static final String TOPIC = "outage";

    private static KafkaCluster cluster;

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaPublisher publisher;

    @AfterEach
    void resumeAndDrain() {
        KafkaBroker broker = cluster.broker(1);
        if (broker.isRunning()) {
            broker.resume();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            PublisherStats stats = this.publisher.stats();
            return stats.queued() == 0 && stats.inFlight() == 0;
        });
    }

    @Test
    void aFullQueueIsA429WithRetryAfterAndTheRefusedRecordIsNeverPublished() {
        ApiClient api = new ApiClient(this.port);
        String run = UUID.randomUUID().toString();
        cluster.broker(1).freeze();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < QUEUE_CAPACITY; i++) {
            String id = run + "-" + i;
            ApiResponse response = api.postJson("/api/v1/topics/" + TOPIC + "/records", record(id));
            assertThat(response.status()).as("record %d: %s", i, response).isEqualTo(202);
            accepted.add(id);
        }

        ApiResponse refused = api.postJson("/api/v1/topics/" + TOPIC + "/records", record(run + "-refused"));

        JsonNode problem = assertProblem(refused, 429);
        assertThat(problem.path("reason").asString()).isEqualTo("QUEUE_FULL");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        cluster.broker(1).resume();
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(valuesOf(cluster.consume(TOPIC, QUEUE_CAPACITY, Duration.ofSeconds(5)), run))
                .containsExactlyInAnyOrderElementsOf(accepted));
    }

    @Test
    void waitingForAnAcknowledgementThatDoesNotComeIsA504AndTheRecordStillArrives() {
        ApiClient api = new ApiClient(this.port);
        String id = UUID.randomUUID().toString();
        cluster.broker(1).freeze();

        long started = System.nanoTime();
        ApiResponse response = api.postJson("/api/v1/topics/" + TOPIC + "/records?wait=true", record(id));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        JsonNode problem = assertProblem(response, 504);
        assertThat(problem.path("detail").asString()).contains("sample.http.wait-timeout")
            .contains("may still be delivered")
            // a caller that waited on a topic that does not exist learns that its records fail after the timeout (g52c)
            .contains("A topic that does not exist holds its records up to KAFKA_MISSING_TOPIC_TIMEOUT, then they fail");
        assertThat(took).as("time to the 504").isLessThan(Duration.ofSeconds(10));
        cluster.broker(1).resume();
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(valuesOf(cluster.consume(TOPIC, 1, Duration.ofSeconds(5)), id))
                .containsExactly(id));
    }

    private static String record(String id) {
        return "{\"records\":[{\"key\":\"outage\",\"value\":\"" + id + "\"}]}";
    }

    private static Set<String> valuesOf(List<ConsumerRecord<String, String>> records, String prefix) {
        return records.stream()
            .map((record) -> record.value().replace("\"", ""))
            .filter((value) -> value.startsWith(prefix))
            .collect(Collectors.toSet());
    }

}
