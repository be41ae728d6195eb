package dev.kafkapool.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

/**
 * A test that replaces the publisher with a Mockito mock, the usual Spring Boot way: the context
 * starts (the pool's lifecycle, health and metrics beans needed the pool itself, and failed on the
 * mock), the controllers get the mock, and health says the publisher is not the pool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kafka.enabled=false")
@DirtiesContext
class MockedPublisherTests {

    @MockitoBean
    private KafkaPublisher publisher;

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void theControllersPublishThroughTheMockAndTheContextStarts() {
        given(this.publisher.publishAll(anyList()))
            .willReturn(List.of(CompletableFuture.completedFuture(new Delivery("demo", 0, 7, 0, 1))));

        ApiResponse answer = new ApiClient(this.port).postJson("/api/v1/topics/demo/records",
                "{\"records\":[{\"key\":\"k\",\"value\":{\"a\":1}}]}");

        assertThat(answer.status()).as("%s", answer).isEqualTo(202);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<KafkaMessage>> batch = ArgumentCaptor.forClass(List.class);
        verify(this.publisher).publishAll(batch.capture());
        assertThat(batch.getValue()).singleElement().satisfies((message) -> {
            assertThat(message.topic()).isEqualTo("demo");
            assertThat(message.keyAsString()).isEqualTo("k");
        });
        assertThat(new ApiClient(this.managementPort).get("/actuator/health/liveness").status()).isEqualTo(200);
    }

}
