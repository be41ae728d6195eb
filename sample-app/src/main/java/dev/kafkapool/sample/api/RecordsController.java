package dev.kafkapool.sample.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.TopicNames;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.sample.limits.ClientRateLimits;
import dev.kafkapool.sample.web.RequestTooLargeException;
import dev.kafkapool.sample.web.SampleHttpProperties;
import dev.kafkapool.sample.web.WaitTimedOutException;

/**
 * {@code POST /api/v1/topics/{topic}/records}: publishes a batch of JSON records through the
 * injected {@link KafkaPublisher}, all or none. Without {@code wait} it answers 202 as soon as the
 * batch is queued, on the request thread; with {@code wait=true} it answers 200 with each record's
 * offset once the broker acknowledged, asynchronously, without holding a request thread while it
 * waits.
 */
@RestController
@Tag(name = "records")
final class RecordsController {

    /** The characters of a legal topic name, for the document ({@code .} and {@code ..} alone are refused too). */
    private static final String TOPIC_PATTERN = "^[a-zA-Z0-9._-]+$";

    private final KafkaPublisher publisher;

    private final RecordMessages messages;

    private final SampleHttpProperties properties;

    private final ClientRateLimits clientLimits;

    RecordsController(KafkaPublisher publisher, RecordMessages messages, SampleHttpProperties properties,
            ClientRateLimits clientLimits) {
        this.publisher = publisher;
        this.messages = messages;
        this.properties = properties;
        this.clientLimits = clientLimits;
    }

    @Operation(summary = "Publish records to a topic",
            description = "Queues every record of the body for delivery to the topic, or none of them. The value of "
                    + "each record is the JSON text of its `value` (UTF-8, compact). Without `wait` the answer is "
                    + "202 once queued; with `wait=true` it is 200 with one entry per record, in order, after the "
                    + "broker acknowledged them: `{\"partition\",\"offset\"}` or `{\"error\"}` for a record that "
                    + "failed for good. Each record may carry at most `sample.http.max-headers-per-record` headers "
                    + "(32) with at most `sample.http.max-header-bytes` (16KB) of names and values in UTF-8; a record "
                    + "over either limit makes the request a 413. Errors are `application/problem+json`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PublishRequest.class),
            examples = {
                @ExampleObject(name = "one record", summary = "A JSON object with a key and a header",
                        value = "{\"records\":[{\"key\":\"k1\",\"value\":{\"hello\":\"kafka\"},"
                                + "\"headers\":{\"source\":\"swagger-ui\"},\"sensitive\":false}]}"),
                @ExampleObject(name = "batch", summary = "Several records of any JSON type, published all or none",
                        value = "{\"records\":[{\"key\":\"a\",\"value\":1},{\"key\":\"a\",\"value\":\"text\"},"
                                + "{\"value\":[true,null]}]}"),
                @ExampleObject(name = "sensitive", summary = "A value the pool never logs",
                        value = "{\"records\":[{\"key\":\"user-7\",\"value\":{\"ssn\":\"000-00-0000\"},"
                                + "\"sensitive\":true}]}") }))
    @ApiResponse(responseCode = "202", description = "All records queued (without wait)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PublishAccepted.class),
                    examples = @ExampleObject(value = "{\"accepted\":1}")))
    @ApiResponse(responseCode = "200", description = "Broker answered for every record (wait=true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PublishOffsets.class),
                    examples = @ExampleObject(value = "{\"offsets\":[{\"partition\":0,\"offset\":42},"
                            + "{\"error\":\"Message to topic demo with key k2 failed after 1 attempt(s) and will not "
                            + "be retried: RecordTooLargeException: ...\"}]}")))
    @ApiResponse(responseCode = "400", description = "Malformed body, wrong JSON types, no records, an illegal "
            + "topic name, a key, header or value string with an unpaired UTF-16 surrogate, or a record header named kafka-pool-id "
            + "(the journal's own)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class), examples = {
                        @ExampleObject(name = "malformed", value = ProblemExamples.MALFORMED_JSON),
                        @ExampleObject(name = "invalid", value = ProblemExamples.INVALID_FIELD) }))
    @ApiResponse(responseCode = "404", description = "Topic not in the allow-list (KAFKA_TOPICS)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.TOPIC_NOT_ALLOWED)))
    @ApiResponse(responseCode = "408", description = "The body stopped coming before its end (Tomcat's connection "
            + "timeout, or a read that failed); nothing was published: send it again",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.BODY_CUT_OFF)))
    @ApiResponse(responseCode = "413", description = "Body over sample.http.max-body-size, more records than "
            + "sample.http.max-records, a record with more headers than sample.http.max-headers-per-record (32) or "
            + "more header bytes (names and values, UTF-8) than sample.http.max-header-bytes (16KB), or a record "
            + "over the producer's max.request.size; more records or bytes than the whole queue holds, more than "
            + "the topic's or this client's rate admits at once (its burst), or, with a journal, a record over one "
            + "journal segment. Nothing is queued; the header limits stop the body being read at the first header "
            + "over them.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = { @ExampleObject(name = "records", value = ProblemExamples.TOO_LARGE),
                        @ExampleObject(name = "headers", value = ProblemExamples.TOO_MANY_HEADERS) }))
    @ApiResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.UNSUPPORTED_MEDIA_TYPE)))
    @ApiResponse(responseCode = "406", description = "The Accept header admits neither application/json nor "
            + "application/problem+json", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "With security on: no bearer token, or one that is expired, "
            + "from another issuer, or wrongly signed (WWW-Authenticate says which)",
            headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = ApiHeaders.BEARER_CHALLENGE,
                schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "With security on: the token lacks the scope kafka:publish:<topic> "
            + "(or kafka:publish:*)",
            headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = ApiHeaders.BEARER_CHALLENGE,
                schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The pool's queue is full (reason QUEUE_FULL), the journal is "
            + "full (JOURNAL_FULL, KAFKA_JOURNAL_MAX_BYTES), the topic is at its "
            + "rate (RATE_LIMITED, KAFKA_TOPIC_LIMITS_<TOPIC>_*) or this client is at its rate (CLIENT_RATE_LIMITED, "
            + "SAMPLE_CLIENT_LIMITS_*), or the server is reading as many request bodies as it takes at once "
            + "(BODIES_IN_FLIGHT, SAMPLE_HTTP_MAX_BODY_BYTES_IN_FLIGHT); nothing was queued. For a rate, Retry-After is computed from its bucket and "
            + "retryAfterMillis gives the exact wait",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.QUEUE_FULL)))
    @ApiResponse(responseCode = "503", description = "Kafka disabled (KAFKA_ENABLED=false), the app shutting down, "
            + "or, with security on, the token issuer's keys cannot be fetched",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = ApiHeaders.ISSUER_RETRY_AFTER,
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.UNAVAILABLE)))
    @ApiResponse(responseCode = "504", description = "wait=true and no acknowledgement within "
            + "sample.http.wait-timeout; the records stay queued",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ProblemExamples.WAIT_TIMED_OUT)))
    @Parameter(name = "wait", in = ParameterIn.QUERY, schema = @Schema(type = "boolean", defaultValue = "false"),
            description = "Answer after the broker acknowledged every record (200 with offsets) instead of once "
                    + "queued (202); true or false (1/0, yes/no and on/off are taken too)", example = "false")
    @PostMapping(path = "/api/v1/topics/{topic}/records", params = "!wait", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
    ResponseEntity<PublishResponse> publish(
            @Parameter(description = "Kafka topic: " + TopicNames.RULE, example = "demo", schema = @Schema(
                    type = "string", minLength = 1, maxLength = TopicNames.MAX_LENGTH, pattern = TOPIC_PATTERN))
            @PathVariable String topic,
            @Valid @RequestBody PublishRequest request) {
        // Answered on the request thread: no async dispatch for the common case (see BENCHMARKS.md, HTTP).
        int count = queue(topic, request).size();
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(new PublishAccepted(count));
    }

    /** The same endpoint with {@code wait} given: asynchronous, so no request thread waits for Kafka. */
    @Hidden
    @PostMapping(path = "/api/v1/topics/{topic}/records", params = "wait", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
    CompletableFuture<ResponseEntity<PublishResponse>> publishAndMaybeWait(@PathVariable String topic,
            @RequestParam boolean wait, @Valid @RequestBody PublishRequest request) {
        List<CompletableFuture<Delivery>> deliveries = queue(topic, request);
        if (!wait) {
            return CompletableFuture
                .completedFuture(ResponseEntity.accepted()
                    .contentType(MediaType.APPLICATION_JSON)
                    .<PublishResponse>body(new PublishAccepted(deliveries.size())));
        }
        return awaitOutcomes(deliveries, this.properties.getWaitTimeout());
    }

    /** Checks the request and queues its records, all or none. */
    private List<CompletableFuture<Delivery>> queue(String topic, PublishRequest request) {
        TopicPathCheck.requireLegal(topic);
        int count = request.records().size();
        if (count > this.properties.getMaxRecords()) {
            throw new RequestTooLargeException(count + " records in one request; at most "
                    + this.properties.getMaxRecords() + " are allowed (sample.http.max-records)");
        }
        List<KafkaMessage> batch = this.messages.toMessages(topic, request.records());
        return this.clientLimits.publishWithin(topic, count, () -> this.publisher.publishAll(batch));
    }

    /**
     * Completes with one outcome per delivery once all are settled, or with a 504 after
     * {@code timeout}. Runs on whichever thread completes last (a Kafka producer thread, or the
     * timeout scheduler); the work there is a few allocations.
     */
    private static CompletableFuture<ResponseEntity<PublishResponse>> awaitOutcomes(
            List<CompletableFuture<Delivery>> deliveries, Duration timeout) {
        List<CompletableFuture<RecordOutcome>> outcomes = deliveries.stream()
            .map((delivery) -> delivery.handle(RecordOutcome::of))
            .toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .handle((ignored, failure) -> {
                if (failure != null) {
                    throw new CompletionException(new WaitTimedOutException(timeout));
                }
                List<RecordOutcome> settled = outcomes.stream().map(CompletableFuture::join).toList();
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).<PublishResponse>body(new PublishOffsets(settled));
            });
    }

}
