package dev.kafkapool.sample.openapi;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.sample.web.SampleHttpProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v3/api-docs} describes every endpoint with its body, examples and every answer,
 * errors as problem details; Swagger UI is served at {@code /swagger-ui.html}.
 */
class OpenApiDocumentTests extends AbstractSharedBrokerTests {

    @Autowired
    private SampleHttpProperties http;

    private static final List<String> PUBLISH_ERRORS = List.of("400", "404", "408", "413", "415", "429", "503", "504");

    /** What every operation of the API can answer besides its own: the Accept header's 406, and security's. */
    private static final List<String> EVERY_OPERATIONS_ERRORS = List.of("401", "403", "406");

    @Test
    void thePublishOperationDocumentsItsBodyExamplesAndEveryAnswer() {
        JsonNode publish = document().path("paths").path("/api/v1/topics/{topic}/records").path("post");

        assertThat(publish.path("summary").asString()).isNotEmpty();
        assertThat(publish.path("parameters").findValuesAsString("name")).containsExactlyInAnyOrder("topic", "wait");
        JsonNode body = publish.path("requestBody").path("content").path("application/json");
        assertThat(body.path("schema").path("$ref").asString()).endsWith("/PublishRequest");
        assertThat(body.path("examples").propertyNames()).contains("one record", "batch", "sensitive");
        assertThat(publish.path("responses").propertyNames()).containsAll(List.of("200", "202"))
            .containsAll(PUBLISH_ERRORS);
        assertThat(publish.path("responses").path("202").path("content").path("application/json").path("schema")
            .path("$ref").asString()).endsWith("/PublishAccepted");
        assertThat(publish.path("responses").path("200").path("content").path("application/json").path("schema")
            .path("$ref").asString()).endsWith("/PublishOffsets");
        for (String status : PUBLISH_ERRORS) {
            JsonNode problem = publish.path("responses").path(status).path("content").path("application/problem+json");
            assertThat(problem.path("schema").path("$ref").asString()).as(status).endsWith("/Problem");
            assertThat(problem.has("example") || problem.has("examples")).as("example of %s", status).isTrue();
        }
        assertThat(publish.path("responses").path("429").path("headers").has("Retry-After")).isTrue();
        assertThat(publish.path("responses").path("503").path("headers").has("Retry-After")).isTrue();
    }

    @Test
    void everyOperationDocumentsTheAcceptHeadersAndSecuritysAnswersWithTheirChallenge() {
        JsonNode paths = document().path("paths");
        for (JsonNode operation : List.of(paths.path("/api/v1/topics/{topic}/records").path("post"),
                paths.path("/api/v1/orders").path("post"), paths.path("/api/v1/orders/{orderId}").path("get"))) {
            assertThat(operation.path("responses").propertyNames()).containsAll(EVERY_OPERATIONS_ERRORS);
            for (String status : List.of("401", "403")) {
                assertThat(operation.path("responses").path(status).path("headers").has("WWW-Authenticate"))
                    .as("%s of %s", status, operation.path("summary").asString())
                    .isTrue();
            }
        }
    }

    @Test
    void aRecordValueIsDocumentedAsAnyJsonValueAndAProblemAsItsFlatMembers() {
        JsonNode schemas = document().path("components").path("schemas");

        JsonNode value = schemas.path("RecordRequest").path("properties").path("value");
        assertThat(value.has("$ref")).as("value schema %s", value).isFalse();
        assertThat(value.path("description").asString()).contains("JSON text");
        assertThat(schemas.path("RecordRequest").path("required").valueStream().map(JsonNode::asString))
            .containsExactly("value");
        assertThat(schemas.path("Problem").path("properties").propertyNames()).contains("type", "title", "status",
                "detail", "instance", "reason", "errors");
        assertThat(schemas.has("JsonNode")).isFalse();
        assertThat(schemas.has("RecordValue")).isFalse();
    }

    @Test
    void theHeaderLimitsAreDocumentedOnTheOperationAndTheRecord() {
        JsonNode document = document();
        JsonNode publish = document.path("paths").path("/api/v1/topics/{topic}/records").path("post");
        JsonNode headers = document.path("components").path("schemas").path("RecordRequest").path("properties")
            .path("headers");

        for (String text : List.of(publish.path("description").asString(),
                publish.path("responses").path("413").path("description").asString(),
                headers.path("description").asString())) {
            assertThat(text).contains("sample.http.max-headers-per-record", "sample.http.max-header-bytes");
        }
        assertThat(publish.path("responses").path("413").path("content").path("application/problem+json")
            .path("examples").propertyNames()).contains("headers");
    }

    @Test
    void theOrdersOperationsAreDocumented() {
        JsonNode paths = document().path("paths");

        assertThat(paths.path("/api/v1/orders").path("post").path("responses").propertyNames()).contains("202", "400",
                "429", "503", "504");
        assertThat(paths.path("/api/v1/orders/{orderId}").path("get").path("responses").propertyNames())
            .contains("200", "400", "404");
        JsonNode timedOut = paths.path("/api/v1/orders").path("post").path("responses").path("504");
        assertThat(timedOut.path("headers").has("Location")).isTrue();
        assertThat(timedOut.path("content").path("application/problem+json").path("example").path("orderId")
            .asString()).isNotEmpty();
        assertThat(document().path("components").path("schemas").path("Problem").path("properties").has("orderId"))
            .isTrue();
    }

    @Test
    void theOrdersOperationsShowAnExampleOfTheirBodyAndOfEachAnswer() {
        JsonNode paths = document().path("paths");
        JsonNode place = paths.path("/api/v1/orders").path("post");
        JsonNode show = paths.path("/api/v1/orders/{orderId}").path("get");

        assertThat(place.path("requestBody").path("content").path("application/json").path("examples")
            .path("two lines").path("value").path("lines").size()).isEqualTo(2);
        for (String status : List.of("202", "400", "413", "415", "429", "503", "504")) {
            assertThat(hasExample(place.path("responses").path(status))).as("example of POST %s", status).isTrue();
        }
        for (String status : List.of("200", "404")) {
            assertThat(hasExample(show.path("responses").path(status))).as("example of GET %s", status).isTrue();
        }
        assertThat(show.path("responses").path("200").path("content").path("application/json").path("example")
            .path("status").asString()).isEqualTo("PROCESSED");
    }

    @Test
    void everyOperationShowsAnExampleOfEachErrorItDocuments() {
        JsonNode paths = document().path("paths");
        for (JsonNode operation : List.of(paths.path("/api/v1/topics/{topic}/records").path("post"),
                paths.path("/api/v1/orders").path("post"), paths.path("/api/v1/orders/{orderId}").path("get"))) {
            operation.path("responses").properties().forEach((answer) -> {
                if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                    assertThat(hasExample(answer.getValue()))
                        .as("example of %s %s", operation.path("summary").asString(), answer.getKey())
                        .isTrue();
                }
            });
        }
    }

    @Test
    void theAddedExamplesSayWhatTheApiReallyAnswers() {
        JsonNode paths = document().path("paths");
        JsonNode notAcceptable = paths.path("/api/v1/topics/{topic}/records").path("post").path("responses").path("406")
            .path("content").path("application/problem+json").path("examples").path("406").path("value");
        ApiResponse refused = api().send(api().request("/api/v1/topics/demo/records")
            .header("Content-Type", "application/json")
            .header("Accept", "application/json;q=0, application/problem+json;q=0")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")));
        assertThat(refused.status()).isEqualTo(406);
        assertThat(notAcceptable.path("detail").asString()).isEqualTo(refused.json().path("detail").asString());

        JsonNode twice = paths.path("/api/v1/orders/{orderId}").path("get").path("responses").path("400")
            .path("content").path("application/problem+json").path("examples").path("400").path("value");
        ApiResponse repeated = api().get("/api/v1/orders/some-order?wait=true&wait=false");
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(twice.path("detail").asString()).isEqualTo(repeated.json().path("detail").asString());
    }

    @Test
    void theRequestSchemasSayWhatTheApiRefusesUnknownFieldsNullHeadersAndTheLimits() {
        JsonNode document = document();
        JsonNode schemas = document.path("components").path("schemas");
        for (String name : List.of("PublishRequest", "RecordRequest", "CreateOrderRequest", "OrderLine")) {
            // the API answers an unknown field with a 400
            assertThat(schemas.path(name).path("additionalProperties").isBoolean()).as(name).isTrue();
            assertThat(schemas.path(name).path("additionalProperties").asBoolean()).as(name).isFalse();
        }
        JsonNode headerValue = schemas.path("RecordRequest").path("properties").path("headers")
            .path("additionalProperties");
        assertThat(headerValue.path("type").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("string",
                "null");
        // as configured: this context's sample.http.max-records
        assertThat(schemas.path("PublishRequest").path("properties").path("records").path("maxItems").asInt())
            .isEqualTo(this.http.getMaxRecords());
        assertThat(schemas.path("OrderLine").path("properties").path("sku").path("minLength").asInt()).isEqualTo(1);
        assertThat(schemas.path("CreateOrderRequest").path("properties").path("customerId").path("pattern").asString())
            .isEqualTo("\\S");
        JsonNode order = schemas.path("CreateOrderRequest").path("properties");
        assertThat(order.path("customerId").path("minLength").asInt()).isEqualTo(1);
        assertThat(order.path("customerId").path("maxLength").asInt()).isEqualTo(100);
        assertThat(order.path("lines").path("minItems").asInt()).isEqualTo(1);
        assertThat(order.path("lines").path("maxItems").asInt()).isEqualTo(100);
        JsonNode topic = document.path("paths").path("/api/v1/topics/{topic}/records").path("post").path("parameters")
            .valueStream().filter((parameter) -> "topic".equals(parameter.path("name").asString())).findFirst()
            .orElseThrow().path("schema");
        assertThat(topic.path("pattern").asString()).isEqualTo("^[a-zA-Z0-9._-]+$");
        assertThat(topic.path("maxLength").asInt()).isEqualTo(249);
    }

    @Test
    void everyHeaderObjectHasASchemaAsOpenApi31RequiresAndProblemsAreUriReferences() {
        // WWW-Authenticate and Location came without one: a validator refused the document (14 errors)
        JsonNode document = document();
        document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) ->
                operation.getValue().path("responses").properties().forEach((answer) ->
                        answer.getValue().path("headers").properties().forEach((header) -> assertThat(
                                header.getValue().has("schema") || header.getValue().has("content"))
                            .as("%s %s %s header %s", operation.getKey(), path.getKey(), answer.getKey(), header.getKey())
                            .isTrue()))));
        JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");
        // RFC 9457: type and instance are URI references; the API's instance is the request's path
        assertThat(problem.path("instance").path("format").asString()).isEqualTo("uri-reference");
        assertThat(problem.path("type").path("format").asString()).isEqualTo("uri-reference");
    }

    @Test
    void theOrdersOperationsDocumentTheirOwnAnswersWithTheirOwnExamples() {
        JsonNode paths = document().path("paths");
        JsonNode place = paths.path("/api/v1/orders").path("post").path("responses");
        assertThat(place.has("408")).as("a body that stopped coming").isTrue();
        assertThat(place.path("503").path("headers").has("Retry-After")).isTrue();
        place.properties().forEach((answer) -> answer.getValue().path("content").path("application/problem+json")
            .path("examples").valueStream().forEach((example) -> assertThat(example.path("value").path("instance")
                .asString()).as("instance of the orders %s example", answer.getKey()).isIn("", "/api/v1/orders")));
        JsonNode show = paths.path("/api/v1/orders/{orderId}").path("get").path("responses");
        assertThat(show.path("503").path("headers").has("Retry-After")).as("the issuer's keys out of reach").isTrue();
        JsonNode headers = document().path("components").path("schemas").path("RecordRequest").path("properties")
            .path("headers");
        assertThat(headers.path("maxProperties").asInt()).isEqualTo(this.http.getMaxHeadersPerRecord());
        assertThat(headers.path("propertyNames").path("minLength").asInt()).isEqualTo(1);
    }

    private static boolean hasExample(JsonNode response) {
        return response.path("content").valueStream()
            .anyMatch((media) -> media.has("example") || media.has("examples"));
    }

    @Test
    void swaggerUiIsServedAtSwaggerUiHtml() {
        ApiResponse redirect = api().get("/swagger-ui.html");
        assertThat(redirect.status()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        ApiResponse page = api().get(location.replaceFirst("^https?://[^/]+", ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui");
    }

    private JsonNode document() {
        ApiResponse response = api().get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

}
