package dev.kafkapool.sample.orders;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's test-kit example, run as written: the orders controller publishes through the
 * injected {@code KafkaPublisher}; the kit's broker of this class, its consumer helper and a freeze
 * check what arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.topics=orders", "sample.http.wait-timeout=2s" })
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, topics = @KafkaTopic(value = "orders", partitions = 3))
class PlaceOrderTests {

    @LocalServerPort
    private int port;

    @Autowired
    private KafkaCluster kafka;

    @Test
    void aPlacedOrderIsAnOrderCreatedEventKeyedByItsId() {
        ResponseEntity<String> placed = placeOrder("customer-7");

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String orderId = placed.getHeaders().getLocation().getPath().replace("/api/v1/orders/", "");
        ConsumedRecord event = this.kafka.read("orders", 1, Duration.ofSeconds(30)).withKey(orderId);
        assertThat(event.header("event-type")).isEqualTo("OrderCreated");
        assertThat(event.value()).contains("\"customerId\":\"customer-7\"");
    }

    @Test
    void anOrderPlacedWhileTheBrokerHangsIsA504WithItsIdAndArrivesOnceItResumes() {
        ResponseEntity<String> timedOut;
        this.kafka.broker(1).freeze();
        try {
            timedOut = placeOrder("customer-8");
        }
        finally {
            this.kafka.broker(1).resume();
        }
        assertThat(timedOut.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        // the event stays queued: the client follows this order up instead of placing another
        String orderId = JsonMapper.shared().readTree(timedOut.getBody()).path("orderId").asString();
        assertThat(orderId).isNotEmpty();
        assertThat(timedOut.getHeaders().getLocation()).hasPath("/api/v1/orders/" + orderId);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                this.kafka.read("orders", 1, Duration.ofSeconds(5)).withKey(orderId).value())
            .contains("\"customerId\":\"customer-8\""));
    }

    @Test
    void aClientThatAcceptsOnlyProblemJsonPlacesItsOrderAndGetsJson() {
        ResponseEntity<String> placed = RestClient.create("http://localhost:" + this.port)
            .post()
            .uri("/api/v1/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.APPLICATION_PROBLEM_JSON)
            .body("{\"customerId\":\"customer-9\",\"lines\":[{\"sku\":\"BOOK-0042\",\"quantity\":1}]}")
            .retrieve()
            .onStatus((status) -> true, (request, response) -> {
            })
            .toEntity(String.class);

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(placed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<String> placeOrder(String customerId) {
        return RestClient.create("http://localhost:" + this.port)
            .post()
            .uri("/api/v1/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"BOOK-0042\",\"quantity\":2}]}")
            .retrieve()
            .onStatus((status) -> true, (request, response) -> {
            })
            .toEntity(String.class);
    }


}
