package dev.kafkapool.sample.api;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sample.http.max-headers-per-record and sample.http.max-header-bytes against the running app:
 * a record at a limit is published with every header, one past it makes the whole request a 413
 * that names the setting, with nothing queued, and a body of 120,000 tiny headers is refused at
 * the limit without being read to its end.
 */
class RecordHeaderLimitsTests extends AbstractSharedBrokerTests {

    private static final String REFUSED = "/api/v1/topics/" + REFUSED_TOPIC + "/records";

    @Test
    void recordsAtTheCountAndByteLimitsAre202AndArriveWithEveryHeader() {
        String run = UUID.randomUUID().toString();
        // MAX_HEADER_BYTES of names and values, in ASCII and in two-byte characters
        String asciiValue = "v".repeat(MAX_HEADER_BYTES - 1);
        String nonAsciiName = "\u00e9".repeat(MAX_HEADER_BYTES / 2);
        ApiResponse response = api().postJson("/api/v1/topics/" + HEADERS_TOPIC + "/records", "{\"records\":["
                + record(run + "-count", headers(MAX_HEADERS_PER_RECORD)) + ","
                + record(run + "-bytes", "\"h\":\"" + asciiValue + "\"") + ","
                + record(run + "-utf8", "\"" + nonAsciiName + "\":\"\"") + "]}");

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        List<ConsumerRecord<String, String>> records = cluster.consume(HEADERS_TOPIC, 3, Duration.ofSeconds(30))
            .stream()
            .filter((record) -> record.key().startsWith(run))
            .toList();
        assertThat(records).extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrder(run + "-count", run + "-bytes", run + "-utf8");
        assertThat(headersOf(records, run + "-count")).hasSize(MAX_HEADERS_PER_RECORD);
        assertThat(headersOf(records, run + "-bytes")).singleElement()
            .satisfies((header) -> assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(asciiValue));
        assertThat(headersOf(records, run + "-utf8")).singleElement()
            .satisfies((header) -> assertThat(header.key()).isEqualTo(nonAsciiName));
    }

    @Test
    void oneHeaderOverTheCountLimitIsA413ThatNamesTheSettingAndQueuesNothing() {
        ApiResponse response = api().postJson(REFUSED, "{\"records\":[" + record("fine", "\"h\":\"v\"") + ","
                + record("over", headers(MAX_HEADERS_PER_RECORD + 1)) + "]}");

        assertRefusedWithNothingQueued(response, "records[1].headers", "at most " + MAX_HEADERS_PER_RECORD,
                "sample.http.max-headers-per-record");
    }

    @Test
    void oneHeaderByteOverTheLimitIsA413ThatNamesTheSettingAndQueuesNothing() {
        // "h" and a value of MAX_HEADER_BYTES: one byte over
        ApiResponse response = api().postJson(REFUSED, "{\"records\":[" + record("fine", "\"h\":\"v\"") + ","
                + record("over", "\"h\":\"" + "v".repeat(MAX_HEADER_BYTES) + "\"") + "]}");

        assertRefusedWithNothingQueued(response, "records[1].headers", "at most " + MAX_HEADER_BYTES,
                "sample.http.max-header-bytes");
    }

    @Test
    void aNonAsciiNameIsCountedInUtf8BytesNotCharacters() {
        // fewer characters than the limit, one byte more than it
        String name = "\u00e9".repeat(MAX_HEADER_BYTES / 2) + "x";
        assertThat(name.length()).isLessThan(MAX_HEADER_BYTES);

        ApiResponse response = api().postJson(REFUSED, "{\"records\":[" + record("utf8", "\"" + name + "\":\"\"")
                + "]}");

        assertRefusedWithNothingQueued(response, "sample.http.max-header-bytes");
    }

    @Test
    void aBodyOf120000TinyHeadersIsRefusedAtTheCountLimitWithoutBeingReadToItsEnd() {
        byte[] body = ("{\"records\":[" + record("hostile", headers(120_000)) + "]}").getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).as("body size").isGreaterThan(4 * MAX_BODY_BYTES);
        // Chunked, without Content-Length: only reading the body can find it too large. Had the
        // parser gone on past the header limit, it would have hit max-body-size instead.
        HttpRequest.Builder request = api().request(REFUSED)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        long started = System.nanoTime();
        JsonNode problem = assertProblem(api().send(request), 413);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(problem.path("detail").asString()).contains("sample.http.max-headers-per-record")
            .doesNotContain("sample.http.max-body-size");
        assertThat(took).as("time to answer").isLessThan(Duration.ofSeconds(10));
        assertNothingQueued();
    }

    @Test
    void anEmptyHeaderNameIsA400() {
        JsonNode problem = assertProblem(api().postJson(REFUSED, "{\"records\":[" + record("k", "\"\":\"v\"") + "]}"),
                400);
        assertThat(problem.path("detail").asString()).contains("header names must not be empty");
    }

    /** A 413 whose detail holds every one of {@code detail}, and nothing on the topic. */
    private static void assertRefusedWithNothingQueued(ApiResponse response, String... detail) {
        JsonNode problem = assertProblem(response, 413);
        assertThat(problem.path("detail").asString()).contains(detail);
        assertNothingQueued();
    }

    private static void assertNothingQueued() {
        assertThat(cluster.consume(REFUSED_TOPIC, 0, Duration.ofSeconds(5))).as("records on " + REFUSED_TOPIC)
            .isEmpty();
    }

    private static String record(String key, String headers) {
        return "{\"key\":\"" + key + "\",\"value\":1,\"headers\":{" + headers + "}}";
    }

    /** {@code count} distinct headers with empty values: {@code "h0":"","h1":"",...}. */
    private static String headers(int count) {
        return IntStream.range(0, count).mapToObj((i) -> "\"h" + i + "\":\"\"").collect(Collectors.joining(","));
    }

    private static List<Header> headersOf(List<ConsumerRecord<String, String>> records, String key) {
        ConsumerRecord<String, String> record = records.stream()
            .filter((candidate) -> key.equals(candidate.key()))
            .findFirst()
            .orElseThrow();
        return List.of(record.headers().toArray());
    }

}
