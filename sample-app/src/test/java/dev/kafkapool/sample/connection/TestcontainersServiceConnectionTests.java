package dev.kafkapool.sample.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on a Testcontainers Kafka container through {@code @ServiceConnection}, as a Spring
 * Boot user sets up Kafka in tests: no {@code KAFKA_BROKERS}, the pool takes the container's
 * connection details (PLAINTEXT, with the WARN that says so). Needs Docker: where there is none
 * (this project's CI) the class is skipped, and JUnit reports it as skipped because Docker is not
 * available; {@link ServiceConnectionDetailsTests} covers the same wiring against the test kit's
 * broker on every build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersServiceConnectionTests {

    @Container
    @ServiceConnection
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");

    @LocalServerPort
    private int port;

    @Autowired
    private PoolConnection connection;

    @Test
    void thePoolPublishesToTheContainerOfTheServiceConnection() throws Exception {
        assertThat(this.connection.current().bootstrapServers()).isEqualTo(kafka.getBootstrapServers());

        ApiResponse answer = new ApiClient(this.port).postJson("/api/v1/topics/containers/records?wait=true",
                "{\"records\":[{\"key\":\"k-1\",\"value\":\"from a container test\"}]}");

        assertThat(answer.status()).isEqualTo(200);
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "containers-test");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("containers"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).singleElement().satisfies((record) -> {
            assertThat(record.key()).isEqualTo("k-1");
            assertThat(record.value()).isEqualTo("\"from a container test\"");
        });
    }

}
