package dev.kafkapool.sample.api;

import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.AbstractSharedBrokerTests;
import dev.kafkapool.sample.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The happy paths of {@code POST /api/v1/topics/{topic}/records} against the real broker: what a
 * 202 or 200 promised is what a consumer reads.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecordsPublishTests extends AbstractSharedBrokerTests {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aClientThatAcceptsOnlyProblemJsonIsStillAnswered202WithJson() {
        String run = UUID.randomUUID().toString();
        HttpRequest.Builder request = api().request("/api/v1/topics/" + ACCEPTED_TOPIC + "/records")
            .header("Content-Type", "application/json")
            .header("Accept", "application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"key\":\"" + run + "\",\"value\":1}]}"));

        ApiResponse response = api().send(request);

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
        List<String> keys;
        do {
            // the topic holds other tests' records too: read it again until this one is in
            keys = cluster.consume(ACCEPTED_TOPIC, 1, CONSUME_TIMEOUT).stream().map(ConsumerRecord::key).toList();
        }
        while (!keys.contains(run) && System.nanoTime() < deadline);
        assertThat(keys).contains(run);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "UTF-16", "UTF-16LE", "UTF-32", "ISO-8859-1", "windows-1252" })
    void aBodyInTheCharsetItDeclaresIsPublishedAsTheSameTextInUtf8(String charset) {
        String run = UUID.randomUUID().toString();
        String text = "caf\u00e9 \u00fcber \u00a9";
        byte[] body = ("{\"records\":[{\"key\":\"" + run + "-" + text + "\",\"value\":\"" + text
                + "\",\"headers\":{\"h\":\"" + text + "\"}}]}").getBytes(java.nio.charset.Charset.forName(charset));
        HttpRequest.Builder request = api().request("/api/v1/topics/" + ACCEPTED_TOPIC + "/records")
            .header("Content-Type", "application/json; charset=" + charset)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));

        ApiResponse response = api().send(request);

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
        List<ConsumerRecord<String, String>> mine;
        do {
            mine = cluster.consume(ACCEPTED_TOPIC, 1, CONSUME_TIMEOUT)
                .stream()
                .filter((record) -> record.key() != null && record.key().startsWith(run))
                .toList();
        }
        while (mine.isEmpty() && System.nanoTime() < deadline);
        assertThat(mine).singleElement().satisfies((record) -> {
            assertThat(record.key()).isEqualTo(run + "-" + text);
            assertThat(record.value()).isEqualTo("\"" + text + "\"");
            assertThat(utf8(record.headers().lastHeader("h").value())).isEqualTo(text);
        });
    }

    @Test
    void aBatchIsAnswered202AndEveryRecordArrivesWithItsKeyHeadersAndTheJsonTextOfItsValue() {
        String run = UUID.randomUUID().toString();
        ApiResponse response = api().postJson("/api/v1/topics/" + ACCEPTED_TOPIC + "/records", """
                {"records":[
                  {"key":"%s-object","value":{"hello":"kafka","n":1.10},"headers":{"source":"test","run":"%s"}},
                  {"key":"%s-string","value":"text"},
                  {"key":"%s-number","value":12345678901234567890.5},
                  {"key":"%s-null","value":null},
                  {"value":[true,null,"%s"]}
                ]}""".formatted(run, run, run, run, run, run));

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("accepted").asInt()).isEqualTo(5);

        List<ConsumerRecord<String, String>> records = cluster.consume(ACCEPTED_TOPIC, 5, CONSUME_TIMEOUT)
            .stream()
            .filter((record) -> (record.key() != null) ? record.key().startsWith(run) : record.value().contains(run))
            .toList();
        // Records with different keys may go through different workers: order is kept per key only.
        assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
            .containsExactlyInAnyOrder(tuple(run + "-object", "{\"hello\":\"kafka\",\"n\":1.10}"),
                    tuple(run + "-string", "\"text\""), tuple(run + "-number", "12345678901234567890.5"),
                    tuple(run + "-null", "null"), tuple(null, "[true,null,\"" + run + "\"]"));
        ConsumerRecord<String, String> object = byKey(records, run + "-object");
        assertThat(object.headers().toArray()).extracting(Header::key, (header) -> utf8(header.value()))
            .containsExactly(tuple("source", "test"), tuple("run", run));
        assertThat(byKey(records, run + "-string").headers().toArray()).isEmpty();
    }

    @Test
    void waitTrueIsAnswered200WithThePartitionAndOffsetOfEachRecordInRequestOrder() {
        String run = UUID.randomUUID().toString();
        ApiResponse response = api().postJson("/api/v1/topics/" + WAIT_TOPIC + "/records?wait=true", """
                {"records":[{"key":"k","value":"%s-1"},{"key":"k","value":"%s-2"},{"key":"k","value":"%s-3"}]}"""
            .formatted(run, run, run));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode offsets = response.json().path("offsets");
        assertThat(offsets).hasSize(3);
        List<ConsumerRecord<String, String>> consumed = cluster.consume(WAIT_TOPIC, 3, CONSUME_TIMEOUT);
        for (int i = 0; i < 3; i++) {
            JsonNode entry = offsets.get(i);
            assertThat(entry.has("error")).as("entry %s", entry).isFalse();
            int partition = entry.path("partition").asInt();
            long offset = entry.path("offset").asLong();
            String expected = "\"" + run + "-" + (i + 1) + "\"";
            assertThat(consumed).as("record at %d/%d", partition, offset)
                .filteredOn((record) -> record.partition() == partition && record.offset() == offset)
                .extracting(ConsumerRecord::value)
                .containsExactly(expected);
        }
        assertThat(offsets.get(1).path("offset").asLong()).isGreaterThan(offsets.get(0).path("offset").asLong());
    }

    @Test
    void aRecordTheBrokerRefusesForGoodGetsAnErrorEntryWhileTheOthersGetOffsets(CapturedOutput output) {
        String run = UUID.randomUUID().toString();
        String secret = "SECRET-" + run;
        String tooBigForTheTopic = secret + "x".repeat(FAILING_TOPIC_MAX_BYTES * 3);
        ApiResponse response = api().postJson("/api/v1/topics/" + FAILING_TOPIC + "/records?wait=true", """
                {"records":[
                  {"key":"%s-a","value":"small"},
                  {"key":"%s-b","value":"%s","sensitive":true},
                  {"key":"%s-c","value":"small too"}
                ]}""".formatted(run, run, tooBigForTheTopic, run));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode offsets = response.json().path("offsets");
        assertThat(offsets).hasSize(3);
        assertThat(offsets.get(0).has("offset")).as("%s", offsets).isTrue();
        assertThat(offsets.get(1).has("offset")).as("%s", offsets).isFalse();
        assertThat(offsets.get(1).path("error").asString()).contains(FAILING_TOPIC)
            .contains(run + "-b")
            .doesNotContain(secret);
        assertThat(offsets.get(2).has("offset")).as("%s", offsets).isTrue();
        List<ConsumerRecord<String, String>> consumed = cluster.consume(FAILING_TOPIC, 2, CONSUME_TIMEOUT)
            .stream()
            .filter((record) -> record.key().startsWith(run))
            .toList();
        assertThat(consumed).extracting(ConsumerRecord::key).containsExactly(run + "-a", run + "-c");
        assertThat(output.getAll()).as("log output").doesNotContain(secret);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> byKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter((record) -> key.equals(record.key())).findFirst().orElseThrow();
    }

}
