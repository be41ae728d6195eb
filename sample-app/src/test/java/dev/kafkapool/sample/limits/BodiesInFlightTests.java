package dev.kafkapool.sample.limits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static dev.kafkapool.sample.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many concurrent large bodies are bounded while they are read and parsed
 * ({@code sample.http.max-body-bytes-in-flight}), not only once their records are queued: a body
 * that does not fit beside the ones being read is a 429 with {@code Retry-After} before a byte of
 * it is read, and is taken once they are done. Without the bound, 48 clients sending 4.5 MB bodies
 * to an app at {@code -Xmx256m} ran it out of heap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "kafka.topics=" + BodiesInFlightTests.TOPIC, "sample.http.max-body-bytes-in-flight=64KB",
                "sample.http.max-body-size=256KB" })
@EmbeddedKafkaCluster(topics = @KafkaTopic(BodiesInFlightTests.TOPIC))
class BodiesInFlightTests {

    static final String TOPIC = "bodies-in-flight";

    static KafkaCluster cluster;

    @LocalServerPort
    int port;

    @Test
    void aBodyThatDoesNotFitBesideTheOnesBeingReadIsRefusedUntilTheyAreRead() throws Exception {
        byte[] held = body("held", 60_000);
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/topics/" + TOPIC + "/records HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + held.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(held, 0, 1000);
            out.flush();

            // 60,000 bytes are being read: 10,000 more do not fit in 64 KB, and are refused unread
            ApiResponse refused = awaitRefusal(body("refused", 10_000), socket);
            JsonNode problem = assertProblem(refused, 429);
            assertThat(problem.path("reason").asString()).isEqualTo("BODIES_IN_FLIGHT");
            assertThat(problem.path("detail").asString()).contains("sample.http.max-body-bytes-in-flight");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            // a body without Content-Length counts as max-body-size (256 KB): refused too
            assertProblem(publishChunked(body("chunked", 100)), 429);
            // a small one fits beside the held one
            assertThat(publish(body("small", 1000)).status()).isEqualTo(202);

            out.write(held, 1000, held.length - 1000);
            out.flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
        // the room is given back: the refused body is taken now, and a chunked one alone is too
        assertThat(publish(body("refused", 10_000)).status()).isEqualTo(202);
        assertThat(publishChunked(body("chunked", 100)).status()).isEqualTo(202);

        List<ConsumerRecord<String, String>> records = cluster.consume(TOPIC, 4, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrder("held", "small", "refused", "chunked");
    }

    private ApiResponse awaitRefusal(byte[] body, Socket held) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ApiResponse response = publish(body);
        // the held request reaches the filter once Tomcat has parsed its headers: a moment after they were sent
        while (response.status() != 429 && System.nanoTime() < deadline) {
            assertThat(response.status()).as("an answer before the held body was counted").isEqualTo(202);
            assertThat(held.getInputStream().available()).as("bytes of an answer to the held request").isZero();
            Thread.sleep(50);
            response = publish(body);
        }
        return response;
    }

    private ApiResponse publish(byte[] body) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request("/api/v1/topics/" + TOPIC + "/records")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private ApiResponse publishChunked(byte[] body) {
        ApiClient api = new ApiClient(this.port);
        return api.send(api.request("/api/v1/topics/" + TOPIC + "/records")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    /** One record with {@code key} and a string value, {@code size} bytes of JSON in all. */
    private static byte[] body(String key, int size) {
        String head = "{\"records\":[{\"key\":\"" + key + "\",\"value\":\"";
        String tail = "\"}]}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        return in.readAllBytes();
    }

}
