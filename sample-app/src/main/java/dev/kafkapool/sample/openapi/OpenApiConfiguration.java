package dev.kafkapool.sample.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.sample.api.RecordValue;
import dev.kafkapool.sample.security.ApiScopes;
import dev.kafkapool.sample.security.ApiSecurityProperties;
import dev.kafkapool.sample.web.SampleHttpProperties;

/**
 * The OpenAPI document's title and description, and the schemas springdoc cannot derive: a
 * record value is any JSON value (not the fields of the {@link RecordValue} class), and a
 * {@link ProblemDetail} is written flat, with the sample's {@code reason} and {@code errors}
 * members. springdoc serves the document at {@code /v3/api-docs} and Swagger UI at
 * {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM_SCHEMA = "Problem";

    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;

    /** Name of the bearer-token security scheme, shown by Swagger UI's Authorize button. */
    static final String BEARER_SCHEME = "bearer-jwt";

    @Bean
    OpenAPI sampleOpenApi(@Value("${spring.application.name}") String name, ApiSecurityProperties security) {
        SpringDocUtils.getConfig()
            .replaceWithSchema(RecordValue.class, anyJsonValue())
            .replaceWithSchema(ProblemDetail.class, new Schema<>().$ref(PROBLEM_REF));
        Components components = new Components().addSchemas(PROBLEM_SCHEMA, problemDetail());
        OpenAPI document = new OpenAPI();
        if (security.isEnabled()) {
            components.addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("A JWT from the issuer this app trusts. Publishing to topic t needs the scope "
                        + ApiScopes.PUBLISH_PREFIX + "t (or " + ApiScopes.PUBLISH_ANY + "); placing orders needs "
                        + ApiScopes.ORDERS + "."));
            document.addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
        }
        return document.components(components)
            // The generic API first, then the domain example.
            .addTagsItem(new Tag().name("records").description("Publish JSON records to any allowed topic"))
            .addTagsItem(new Tag().name("orders").description("Domain example: orders as OrderCreated events"))
            .info(new Info().title("kafka-pool sample API")
                .version("v1")
                .description(name + ": publishes JSON records to Kafka through the pooled, mTLS-secured "
                        + "KafkaPublisher of the kafka-pool starter. Every error is application/problem+json "
                        + "(RFC 9457): 400 malformed, 404 topic not allowed, 413 too large, 415 not JSON, "
                        + "429 queue full or over a rate (with Retry-After), 503 Kafka disabled or shutting down, "
                        + "504 wait timed out."));
    }

    @Bean
    OpenApiCustomizer strictSchemasCustomizer(SampleHttpProperties http) {
        return new StrictSchemasCustomizer(http);
    }

    /** No type constraint at all: JSON Schema's "any value". */
    private static Schema<?> anyJsonValue() {
        JsonSchema any = new JsonSchema();
        any.setDescription("Any JSON value");
        return any;
    }

    private static Schema<?> problemDetail() {
        List<String> reasons = new ArrayList<>(
                Arrays.stream(PublishRejectedException.Reason.values()).map(Enum::name).toList());
        reasons.add("CLIENT_RATE_LIMITED");
        reasons.add("BODIES_IN_FLIGHT");
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema().example("records[0].value"));
        fieldError.addProperty("message", new StringSchema().example("is required (any JSON value)"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("An error, as RFC 9457 problem details (application/problem+json)");
        problem.addProperty("type", new StringSchema().format("uri-reference")
            .description("Problem type; absent means about:blank"));
        problem.addProperty("title", new StringSchema().description("The HTTP status phrase").example("Bad Request"));
        problem.addProperty("status", new IntegerSchema().description("The HTTP status code").example(400));
        problem.addProperty("detail", new StringSchema().description("What went wrong, for a person to read"));
        problem.addProperty("instance", new StringSchema().format("uri-reference").description("The request path"));
        StringSchema reason = new StringSchema();
        reason.setEnum(reasons);
        problem.addProperty("reason", reason.description("Why the publisher refused the records (404, 413, 429, 503)"));
        problem.addProperty("retryAfterMillis", new IntegerSchema().format("int64")
            .description("The exact wait before a retry is admitted, for a rate (429); Retry-After rounds it up"));
        problem.addProperty("errors", new ArraySchema().items(fieldError)
            .description("Each invalid field of the body (400)"));
        problem.addProperty("orderId", new StringSchema()
            .description("The order an order's 504 is about: follow it up at Location rather than place it again"));
        problem.required(List.of("title", "status"));
        return problem;
    }

}
