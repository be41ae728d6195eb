package dev.kafkapool.sample.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

import dev.kafkapool.sample.security.ApiScopes;
import dev.kafkapool.sample.web.SampleHttpProperties;

/**
 * What the request schemas cannot say through annotations, so that a client generated from or
 * checked against the document sends what the API takes: the request bodies take no other fields
 * (the API refuses unknown ones with a 400), a record header may be {@code null}, a request holds
 * at most {@code sample.http.max-records} records (as configured); and every operation's 401, 403
 * and 406 carry an example as its other errors do.
 */
final class StrictSchemasCustomizer implements OpenApiCustomizer {

    /** The request bodies' schemas: the API refuses a field they do not name. */
    private static final List<String> CLOSED_SCHEMAS = List.of("PublishRequest", "RecordRequest", "CreateOrderRequest",
            "OrderLine");

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final SampleHttpProperties http;

    StrictSchemasCustomizer(SampleHttpProperties http) {
        this.http = http;
    }

    @Override
    public void customise(OpenAPI document) {
        Map<String, Schema> schemas = (document.getComponents() != null) ? document.getComponents().getSchemas() : null;
        if (schemas != null) {
            for (String name : CLOSED_SCHEMAS) {
                Schema<?> schema = schemas.get(name);
                if (schema != null) {
                    schema.setAdditionalProperties(false);
                }
            }
            Schema<?> headers = property(schemas, "RecordRequest", "headers");
            if (headers != null) {
                headers.setAdditionalProperties(nullableString(document));
                headers.setMaxProperties(this.http.getMaxHeadersPerRecord());
                headers.setPropertyNames(new StringSchema().minLength(1));
            }
            Schema<?> records = property(schemas, "PublishRequest", "records");
            if (records != null) {
                records.setMaxItems(this.http.getMaxRecords());
            }
        }
        if (document.getPaths() != null) {
            document.getPaths().forEach((path, item) -> exampleEveryAnswer(path, item));
        }
    }

    /** A string or {@code null}, as the document's version of OpenAPI says it. */
    private static Schema<?> nullableString(OpenAPI document) {
        if (document.getSpecVersion() == SpecVersion.V31) {
            JsonSchema value = new JsonSchema();
            value.setTypes(Set.of("string", "null"));
            return value;
        }
        return new StringSchema().nullable(true);
    }

    private static Schema<?> property(Map<String, Schema> schemas, String schema, String property) {
        Schema<?> owner = schemas.get(schema);
        return (owner != null && owner.getProperties() != null) ? owner.getProperties().get(property) : null;
    }

    /** An example for each of the answers every operation can give, where the operation shows none. */
    private static void exampleEveryAnswer(String path, PathItem item) {
        boolean orders = path.startsWith("/api/v1/orders");
        item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getResponses() == null) {
                return;
            }
            String instance = (method == PathItem.HttpMethod.POST)
                    ? (orders ? "/api/v1/orders" : "/api/v1/topics/demo/records")
                    : "/api/v1/orders/7f1c0a9e-4c7b-4e0f-9a57-3f0d2c1b8e6a";
            Map<String, Map<String, Object>> examples = new LinkedHashMap<>();
            examples.put("400", problem("Bad Request", 400,
                    "A query parameter is given more than once; give each once. Nothing was published.", instance));
            examples.put("401", problem("Unauthorized", 401,
                    "A bearer token (Authorization: Bearer <JWT>) is required", instance));
            examples.put("403", problem("Forbidden", 403, "The token's scopes do not allow this request: "
                    + (orders ? "the orders API needs " + ApiScopes.ORDERS
                            : "publishing to topic demo needs " + ApiScopes.PUBLISH_PREFIX + "demo (or "
                                    + ApiScopes.PUBLISH_ANY + ")"), instance));
            examples.put("406", problem("Not Acceptable", 406, "The Accept header refuses application/json and "
                    + "application/problem+json (q=0), the only types this API answers in. Nothing was published.",
                    instance));
            examples.put("503", problem("Service Unavailable", 503, "The bearer token cannot be checked now: the "
                    + "token issuer's keys cannot be fetched. Retry after 5 s.", instance));
            examples.forEach((status, example) -> {
                ApiResponse response = operation.getResponses().get(status);
                MediaType content = (response != null && response.getContent() != null)
                        ? response.getContent().get(PROBLEM_JSON) : null;
                if (content != null && content.getExample() == null
                        && (content.getExamples() == null || content.getExamples().isEmpty())) {
                    content.setExamples(Map.of(status, new Example().value(example)));
                }
            });
        });
    }

    private static Map<String, Object> problem(String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        return problem;
    }

}
