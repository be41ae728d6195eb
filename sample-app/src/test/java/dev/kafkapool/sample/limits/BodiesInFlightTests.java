package dev.kafkapool.sample.limits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
 * that does not fit beside the ones being read waits for room, is then a 429 with
 * {@code Retry-After} (never parsed), and is taken once they are done. Without the bound, 48 clients sending 4.5 MB bodies
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

    @Autowired
    MeterRegistry meters;

    @Test
    void aBodyThatDoesNotFitBesideTheOnesBeingReadIsRefusedUntilTheyAreRead() throws Exception {
        List<String> accepted = new ArrayList<>();
        double refusedBefore = refusedRequests();
        int refusals = 0;
        byte[] held = body("held", 60_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Socket socket = null;
        ApiResponse refused = null;
        while (refused == null) {
            assertThat(System.nanoTime()).as("a body refused beside the held one").isLessThan(deadline);
            socket = holdPartly(held);
            // the held request takes its room once Tomcat has parsed its headers; a body sent meanwhile
            // may take room first, and then the held one is the one refused: hold another
            while (refused == null && socket != null) {
                if (socket.getInputStream().available() > 0) {
                    assertThat(readAll(socket.getInputStream())).as("the held request's answer")
                        .startsWith("HTTP/1.1 429")
                        .contains("BODIES_IN_FLIGHT");
                    refusals++;
                    socket.close();
                    socket = null;
                    continue;
                }
                ApiResponse poll = publish(body("refused", 10_000));
                if (poll.status() == 429) {
                    refused = poll;
                    refusals++;
                }
                else {
                    assertThat(poll.status()).as("an answer before the held body was counted").isEqualTo(202);
                    accepted.add("refused");
                    Thread.sleep(50);
                }
            }
        }
        try (Socket holding = socket) {
            // 60,000 bytes are being read: 10,000 more do not fit in 64 KB, and are refused unread
            JsonNode problem = assertProblem(refused, 429);
            assertThat(problem.path("reason").asString()).isEqualTo("BODIES_IN_FLIGHT");
            assertThat(problem.path("detail").asString()).contains("sample.http.max-body-bytes-in-flight");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            // a body without Content-Length counts as max-body-size (256 KB): refused too
            assertProblem(publishChunked(body("chunked", 100)), 429);
            refusals++;
            // requests, in a meter of their own: their records were never parsed, so the pool's count has none
            assertThat(refusedRequests() - refusedBefore).isEqualTo(refusals);
            // a small one fits beside the held one
            assertThat(publish(body("small", 1000)).status()).isEqualTo(202);
            accepted.add("small");

            holding.getOutputStream().write(held, 1000, held.length - 1000);
            holding.getOutputStream().flush();
            assertThat(readAll(holding.getInputStream())).startsWith("HTTP/1.1 202");
            accepted.add("held");
        }
        // the room is given back (as the held request's dispatch ends, a moment after its answer):
        // the refused body is taken now, and a chunked one alone is too
        assertThat(taken(() -> publish(body("refused", 10_000))).status()).isEqualTo(202);
        accepted.add("refused");
        assertThat(taken(() -> publishChunked(body("chunked", 100))).status()).isEqualTo(202);
        accepted.add("chunked");

        List<ConsumerRecord<String, String>> records = cluster.consume(TOPIC, accepted.size(), Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(accepted);
    }

    private double refusedRequests() {
        Counter counter = this.meters.find("sample.http.bodies.refused").counter();
        return (counter != null) ? counter.count() : 0;
    }

    /** {@code send}'s answer once it is not a refusal for bodies in flight (given back a moment after an answer). */
    private static ApiResponse taken(java.util.function.Supplier<ApiResponse> send) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ApiResponse response = send.get();
        while (response.status() == 429 && response.body().contains("BODIES_IN_FLIGHT")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
            response = send.get();
        }
        return response;
    }

    /** A connection that has sent the request's headers and the first 1000 bytes of {@code body}, and waits. */
    private Socket holdPartly(byte[] body) throws java.io.IOException {
        Socket socket = new Socket("localhost", this.port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/topics/" + TOPIC + "/records HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 1000);
        out.flush();
        return socket;
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

    private static String readAll(InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

}
