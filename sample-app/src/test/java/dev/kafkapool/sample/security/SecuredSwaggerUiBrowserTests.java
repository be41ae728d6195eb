package dev.kafkapool.sample.security;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.kafkapool.sample.openapi.SwaggerUiPage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI of the secured app, in headless Chromium: without a token "Execute" shows 401; after
 * "Authorize" with a token that has the topic's scope it shows 202, and the record is in Kafka.
 */
class SecuredSwaggerUiBrowserTests extends AbstractSecuredApiTests {

    @Test
    void swaggerUiAuthorizesWithATokenAndPublishes() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"records\":[{\"key\":\"swagger-secured\",\"value\":{\"id\":\"" + id + "\"}}]}";
        try (SwaggerUiPage page = SwaggerUiPage.open(this.port)) {
            assertThat(page.publish(BROWSER_TOPIC, body)).as("without a token").isEqualTo("401");
        }
        try (SwaggerUiPage page = SwaggerUiPage.open(this.port)) {
            page.authorize(TestTokens.trusted().token("swagger-user", "kafka:publish:" + BROWSER_TOPIC));
            assertThat(page.publish(BROWSER_TOPIC, body)).as("with a token").isEqualTo("202");
        }
        assertThat(cluster.consume(BROWSER_TOPIC, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .contains("{\"id\":\"" + id + "\"}");
    }

}
