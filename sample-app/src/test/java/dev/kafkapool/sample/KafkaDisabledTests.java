package dev.kafkapool.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.JsonNode;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code KAFKA_ENABLED=false} and no brokers the app still starts: publishing is a 503 that
 * says Kafka is disabled, the listener never starts, and liveness is up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kafka.enabled=false")
@DirtiesContext
class KafkaDisabledTests {

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void publishingIsA503ThatSaysKafkaIsDisabled() {
        JsonNode problem = assertProblem(new ApiClient(this.port).postJson("/api/v1/topics/demo/records",
                "{\"records\":[{\"value\":1}]}"), 503);
        assertThat(problem.path("reason").asString()).isEqualTo("DISABLED");
        assertThat(problem.path("detail").asString()).contains("KAFKA_ENABLED=false");
    }

    @Test
    void placingAnOrderIsA503() {
        JsonNode problem = assertProblem(new ApiClient(this.port).postJson("/api/v1/orders",
                "{\"customerId\":\"c\",\"lines\":[{\"sku\":\"s\",\"quantity\":1}]}"), 503);
        assertThat(problem.path("reason").asString()).isEqualTo("DISABLED");
    }

    @Test
    void badInputIsStillA400() {
        assertProblem(new ApiClient(this.port).postJson("/api/v1/topics/demo/records", "{\"records\":[]}"), 400);
    }

    @Test
    void theOrderListenerDoesNotStart() {
        MessageListenerContainer container = this.listeners.getListenerContainer("order-created-listener");
        assertThat(container).isNotNull();
        assertThat(container.isRunning()).isFalse();
    }

    @Test
    void livenessIsUpWithKafkaDisabled() {
        ApiResponse liveness = new ApiClient(this.managementPort).get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
    }

}
