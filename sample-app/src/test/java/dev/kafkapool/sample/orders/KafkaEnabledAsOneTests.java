package dev.kafkapool.sample.orders;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.client.RestClient;

import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code KAFKA_ENABLED=1} is "on" for the whole app, the orders listener included: its container
 * started only for the exact text {@code true}, so an order placed with Kafka enabled as {@code 1}
 * was published and never processed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.enabled=1", "kafka.topics=orders" })
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, topics = @KafkaTopic(value = "orders", partitions = 3))
class KafkaEnabledAsOneTests {

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void theOrderListenerRunsAndAPlacedOrderIsProcessed() {
        MessageListenerContainer container = this.listeners.getListenerContainer("order-created-listener");
        assertThat(container).isNotNull();
        assertThat(container.isRunning()).isTrue();

        RestClient client = RestClient.create("http://localhost:" + this.port);
        ResponseEntity<Void> placed = client.post()
            .uri("/api/v1/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":2}]}")
            .retrieve()
            .toBodilessEntity();
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String location = placed.getHeaders().getLocation().getPath();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.get()
            .uri(location)
            .retrieve()
            .onStatus((status) -> true, (request, response) -> {
            })
            .toEntity(String.class)
            .getBody()).contains("PROCESSED"));
    }

}
