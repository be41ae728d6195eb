package dev.kafkapool.sample.orders;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.sample.api.ApiHeaders;
import dev.kafkapool.sample.api.ProblemExamples;
import dev.kafkapool.sample.limits.ClientRateLimits;
import dev.kafkapool.sample.web.SampleHttpProperties;
import dev.kafkapool.sample.web.WaitTimedOutException;

/**
 * The domain example: a controller that takes the pool by injection, exactly as it would take a
 * {@code DataSource}, and turns a new order into an {@link OrderCreated} event keyed by the order
 * id. It answers once Kafka has the event, so a 202 means the order is durable; the listener
 * processes it afterwards.
 */
@RestController
@Tag(name = "orders")
// answers of both operations, which springdoc adds to each
@ApiResponse(responseCode = "406", description = "The Accept header admits neither application/json nor "
        + "application/problem+json", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "With security on: no valid bearer token (WWW-Authenticate says "
        + "why)", headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = ApiHeaders.BEARER_CHALLENGE,
                schema = @Schema(type = "string")),
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "With security on: the token lacks the scope orders:write",
        headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = ApiHeaders.BEARER_CHALLENGE,
                schema = @Schema(type = "string")),
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
final class OrdersController {

    private final KafkaPublisher publisher;

    private final JsonMapper jsonMapper;

    private final ProcessedOrders processedOrders;

    private final OrdersProperties orders;

    private final SampleHttpProperties http;

    private final ClientRateLimits clientLimits;

    private final Clock clock = Clock.systemUTC();

    OrdersController(KafkaPublisher publisher, JsonMapper jsonMapper, ProcessedOrders processedOrders,
            OrdersProperties orders, SampleHttpProperties http, ClientRateLimits clientLimits) {
        this.publisher = publisher;
        this.jsonMapper = jsonMapper;
        this.processedOrders = processedOrders;
        this.orders = orders;
        this.http = http;
        this.clientLimits = clientLimits;
    }

    @Operation(summary = "Place an order",
            description = "Publishes an OrderCreated event (key = the new order id) to the orders topic and "
                    + "answers 202 once the broker has acknowledged it. The app's own listener then processes it; "
                    + "follow the Location header to see it processed.")
    @ApiResponse(responseCode = "202", description = "The OrderCreated event is stored in Kafka",
            headers = @Header(name = "Location", description = "Where the processed order will be shown",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OrderAccepted.class),
                    examples = @ExampleObject(value = "{\"orderId\":\"7f1c0a9e-4c7b-4e0f-9a57-3f0d2c1b8e6a\","
                            + "\"partition\":0,\"offset\":12}")))
    @ApiResponse(responseCode = "400", description = "Malformed or invalid order",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.INVALID_ORDER)))
    @ApiResponse(responseCode = "413", description = "Body over sample.http.max-body-size",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.BODY_TOO_LARGE)))
    @ApiResponse(responseCode = "408", description = "The body stopped coming before its end (Tomcat's connection "
            + "timeout, or a read that failed); no order was placed: send it again",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_BODY_CUT_OFF)))
    @ApiResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_UNSUPPORTED_MEDIA_TYPE)))
    @ApiResponse(responseCode = "429", description = "The pool's queue is full, the orders topic or this client is at "
            + "its rate, or the server is reading as many request bodies as it takes at once (BODIES_IN_FLIGHT); "
            + "Retry-After says when to try again",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_QUEUE_FULL)))
    @ApiResponse(responseCode = "503", description = "Kafka disabled, the app shutting down, the event "
            + "failed for good, or, with security on, the token issuer's keys cannot be fetched",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = ApiHeaders.ISSUER_RETRY_AFTER,
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_UNAVAILABLE)))
    @ApiResponse(responseCode = "504", description = "No acknowledgement within sample.http.wait-timeout; the event "
            + "stays queued. The problem carries the order's orderId, and Location where to follow it up: do not "
            + "place it again", headers = @Header(name = HttpHeaders.LOCATION,
                    description = "Where the processed order will be shown",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_TIMED_OUT)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CreateOrderRequest.class),
            examples = @ExampleObject(name = "two lines", value = "{\"customerId\":\"c-7\",\"lines\":"
                    + "[{\"sku\":\"BOOK-0042\",\"quantity\":2},{\"sku\":\"PEN-7\",\"quantity\":1}]}")))
    @PostMapping(path = "/api/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
    CompletableFuture<ResponseEntity<OrderAccepted>> placeOrder(@Valid @RequestBody CreateOrderRequest request,
            HttpServletRequest servletRequest) {
        // under the app's context path, or the prefix a trusted proxy forwarded (framework strategy)
        URI location = URI.create(servletRequest.getContextPath() + "/api/v1/orders/");
        OrderCreated event = new OrderCreated(UUID.randomUUID().toString(), request.customerId(), request.lines(),
                this.clock.instant());
        KafkaMessage message = KafkaMessage.builder(this.orders.getTopic())
            .key(event.orderId())
            .value(this.jsonMapper.writeValueAsBytes(event))
            .header("event-type", OrderCreated.EVENT_TYPE)
            .build();
        Duration timeout = this.http.getWaitTimeout();
        return this.clientLimits.publishWithin(this.orders.getTopic(), 1, () -> this.publisher.publish(message))
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .handle((delivery, failure) -> {
                if (failure != null) {
                    Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
                    throw new CompletionException((cause instanceof TimeoutException)
                            ? timedOut(timeout, location.resolve(event.orderId()), event.orderId()) : cause);
                }
                return ResponseEntity.accepted()
                    .location(location.resolve(event.orderId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new OrderAccepted(event.orderId(), delivery.partition(), delivery.offset()));
            });
    }

    /**
     * The 504 of an order whose event is still queued: with its id and where to look for it, so
     * that a client follows the order up instead of placing it again.
     */
    private static WaitTimedOutException timedOut(Duration timeout, URI location, String orderId) {
        WaitTimedOutException timedOut = new WaitTimedOutException(timeout);
        timedOut.getBody().setProperty("orderId", orderId);
        timedOut.getHeaders().setLocation(location);
        return timedOut;
    }

    @Operation(summary = "Show a processed order",
            description = "The order as the app's @KafkaListener processed it, or 404 until it has.")
    @ApiResponse(responseCode = "200", description = "The listener has processed the order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProcessedOrder.class),
                    examples = @ExampleObject(value = "{\"orderId\":\"7f1c0a9e-4c7b-4e0f-9a57-3f0d2c1b8e6a\","
                            + "\"customerId\":\"c-7\",\"lines\":[{\"sku\":\"BOOK-0042\",\"quantity\":2}],"
                            + "\"status\":\"PROCESSED\",\"partition\":0,\"offset\":12,"
                            + "\"processedAt\":\"2026-12-05T11:42:07.512Z\"}")))
    @ApiResponse(responseCode = "404", description = "Unknown order, not processed yet, or no longer in the view "
            + "of the newest 10,000 processed orders (kept in this process's memory)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.ORDER_NOT_PROCESSED)))
    @ApiResponse(responseCode = "400", description = "A query parameter given twice",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "With security on: the token issuer's keys cannot be fetched",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = ApiHeaders.ISSUER_RETRY_AFTER,
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/api/v1/orders/{orderId}",
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
    ResponseEntity<ProcessedOrder> processedOrder(
            @Parameter(description = "Id from the answer to POST /api/v1/orders") @PathVariable String orderId) {
        return this.processedOrders.find(orderId)
            .map((order) -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(order))
            .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "No processed order with this id (yet): the listener may still be on "
                            + "its way, the id is unknown, or the order is older than the newest 10,000 this "
                            + "process keeps"),
                    null));
    }

}
