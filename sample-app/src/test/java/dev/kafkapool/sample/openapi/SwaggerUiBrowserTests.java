package dev.kafkapool.sample.openapi;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.kafkapool.sample.AbstractSharedBrokerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's path through Swagger UI, in headless Chromium ({@link SwaggerUiPage}): open
 * {@code /swagger-ui.html}, "Try it out" on the publish operation, fill in topic and body,
 * "Execute", see 202, and find the record in Kafka.
 */
class SwaggerUiBrowserTests extends AbstractSharedBrokerTests {

    @Test
    void tryItOutAndExecuteOnThePublishOperationPublishesTheRecord() throws Exception {
        String id = UUID.randomUUID().toString();
        try (SwaggerUiPage page = SwaggerUiPage.open(this.port)) {
            assertThat(page.publish(BROWSER_TOPIC, "{\"records\":[{\"key\":\"swagger\",\"value\":{\"id\":\"" + id
                    + "\"}}]}")).isEqualTo("202");
        }
        List<ConsumerRecord<String, String>> records = cluster.consume(BROWSER_TOPIC, 1, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::value).contains("{\"id\":\"" + id + "\"}");
    }

}
