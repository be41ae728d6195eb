package dev.kafkapool.sample.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.sample.AbstractSharedBrokerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 7: 10,000 generated malformed or hostile requests (broken JSON, wrong types, huge and
 * deeply nested values, invalid UTF-8, control characters and path tricks in topic names,
 * oversize headers, wrong media types), every one carrying a sensitive value. No answer is a
 * 5xx, the app stays healthy, nothing reaches the topic, and the sensitive value appears in no
 * log line. Seeded, so a failure can be replayed.
 */
@Tag("reliability")
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTests extends AbstractSharedBrokerTests {

    private static final long SEED = 20261122L;

    private static final int REQUESTS = 10_000;

    private static final String SECRET = "SECRET-4111-1111-1111-1111";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    @Test
    void tenThousandHostileRequestsGetNo5xxLeakNoSecretAndPublishNothing(CapturedOutput output) throws Exception {
        List<Function<Random, HttpRequest>> kinds = kinds();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(clients.submit(() -> {
                Random random = new Random(SEED + thread);
                for (int i = thread; i < REQUESTS; i += 8) {
                    int kind = i % kinds.size();
                    HttpRequest request = kinds.get(kind).apply(random);
                    String outcome;
                    try {
                        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                        outcome = Integer.toString(response.statusCode());
                        if (response.statusCode() >= 500) {
                            serverErrors.add("kind " + kind + " " + request.uri() + " -> " + response.statusCode());
                        }
                        assertThat(response.body()).doesNotContain(SECRET);
                    }
                    catch (java.io.IOException ex) {
                        // Tomcat may close the connection on an oversize header instead of answering
                        outcome = "closed";
                    }
                    statuses.computeIfAbsent(outcome, (k) -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();
        System.out.println("[reliability] hostile input: " + REQUESTS + " requests, answers by status " + statuses);

        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(statuses.getOrDefault("closed", new AtomicInteger()).get()).as("connections closed without answer")
            .isLessThan(REQUESTS / 50);
        assertThat(management().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(cluster.consume(REFUSED_TOPIC, 0, Duration.ofSeconds(5))).as("records on " + REFUSED_TOPIC).isEmpty();
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    private List<Function<Random, HttpRequest>> kinds() {
        String path = "/api/v1/topics/" + REFUSED_TOPIC + "/records";
        List<Function<Random, HttpRequest>> kinds = new ArrayList<>();
        // broken JSON: a valid body cut at a random point, or with a random byte flipped
        kinds.add((random) -> {
            String body = validBody(random);
            return json(path, body.substring(0, 1 + random.nextInt(body.length() - 1)));
        });
        kinds.add((random) -> {
            char[] body = validBody(random).toCharArray();
            body[random.nextInt(body.length)] = "{}[]\",:\\".charAt(random.nextInt(8));
            return json(path, new String(body).replace("\"records\"", "\"records\" x"));
        });
        // wrong types
        kinds.add((random) -> json(path, List.of("{\"records\":{\"key\":\"k\",\"value\":\"" + SECRET + "\",\"sensitive\":true}}",
                "{\"records\":[{\"key\":42,\"value\":\"" + SECRET + "\",\"sensitive\":true}]}",
                "{\"records\":[{\"key\":\"k\",\"value\":\"" + SECRET + "\",\"sensitive\":\"yes\"}]}",
                "{\"records\":[{\"key\":\"k\",\"value\":\"" + SECRET + "\",\"headers\":[1,2],\"sensitive\":true}]}",
                "{\"records\":[{\"key\":\"k\",\"value\":\"" + SECRET + "\",\"headers\":{\"h\":{\"x\":1}},\"sensitive\":true}]}",
                "[{\"key\":\"k\",\"value\":\"" + SECRET + "\",\"sensitive\":true}]", "\"" + SECRET + "\"", "null", "{}",
                "{\"records\":[]}", "{\"records\":[null]}").get(random.nextInt(11))));
        // huge value: over the body limit
        kinds.add((random) -> json(path, "{\"records\":[{\"key\":\"k\",\"sensitive\":true,\"value\":\"" + SECRET
                + "x".repeat(MAX_BODY_BYTES + random.nextInt(1024)) + "\"}]}"));
        // deeply nested value
        kinds.add((random) -> {
            int depth = 600 + random.nextInt(5000);
            return json(path, "{\"records\":[{\"key\":\"k\",\"sensitive\":true,\"value\":" + "[".repeat(depth) + "\""
                    + SECRET + "\"" + "]".repeat(depth) + "}]}");
        });
        // invalid UTF-8 inside a string
        kinds.add((random) -> {
            byte[] prefix = ("{\"records\":[{\"key\":\"k\",\"sensitive\":true,\"value\":\"" + SECRET).getBytes(StandardCharsets.UTF_8);
            byte[] bad = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) (0x80 + random.nextInt(64)) };
            byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
        // control characters and path tricks in the topic name
        List<String> topics = List.of("%00", "%0a", "%0d%0aX-Injected:%201", "..", "%2e%2e", "%2e%2e%2fetc", "a%2Fb",
                "a%5Cb", "x".repeat(250), "%E2%80%AE", "%D1%82%D0%B5%D0%BC%D0%B0", "a%20b", "%25", "topic%3Bdrop",
                "%7B%7D", "CON", "*", "%FF%FE", ".", "records-refused%00");
        kinds.add((random) -> json("/api/v1/topics/" + topics.get(random.nextInt(topics.size())) + "/records",
                validBody(random)));
        // oversize headers: an HTTP header, or record headers
        kinds.add((random) -> request(path).header("Content-Type", "application/json")
            .header("X-Padding", "p".repeat(9000 + random.nextInt(4000)))
            .POST(HttpRequest.BodyPublishers.ofString(validBody(random))).build());
        kinds.add((random) -> json(path, "{\"records\":[{\"key\":\"k\",\"sensitive\":true,\"value\":\"" + SECRET
                + "\",\"headers\":{\"h\":\"" + "v".repeat(70_000 + random.nextInt(1000)) + "\"}}]}"));
        // wrong media types
        List<String> types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "application/jsonx", "*/*");
        kinds.add((random) -> request(path).header("Content-Type", types.get(random.nextInt(types.size())))
            .POST(HttpRequest.BodyPublishers.ofString(validBody(random))).build());
        kinds.add((random) -> request(path).POST(HttpRequest.BodyPublishers.ofString(validBody(random))).build());
        // too many records
        kinds.add((random) -> {
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i <= MAX_RECORDS + random.nextInt(10); i++) {
                body.append(i == 0 ? "" : ",").append("{\"key\":\"k\",\"sensitive\":true,\"value\":\"").append(SECRET)
                    .append("\"}");
            }
            return json(path, body.append("]}").toString());
        });
        return kinds;
    }

    /** A well-formed body with a sensitive record; the hostile kinds break it in their own way. */
    private static String validBody(Random random) {
        return "{\"records\":[{\"key\":\"k" + random.nextInt(1000) + "\",\"value\":{\"card\":\"" + SECRET
                + "\"},\"headers\":{\"h\":\"v\"},\"sensitive\":true}]}";
    }

    private HttpRequest json(String path, String body) {
        return request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(Duration.ofSeconds(30));
    }

}
