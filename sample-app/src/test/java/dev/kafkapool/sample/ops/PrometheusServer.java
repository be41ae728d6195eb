package dev.kafkapool.sample.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kafkapool.testsupport.process.FreePorts;

/**
 * A real Prometheus server (the {@code prometheus} binary of Debian's package) in a child
 * process, scraping one target every second and evaluating one rule file, with its HTTP API:
 * {@code /api/v1/query}, {@code /api/v1/rules} and {@code /api/v1/alerts}.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "kafka-pool-sample";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;

    private final Path log;

    private final URI api;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    }

    /**
     * Starts Prometheus in {@code workDir} scraping {@code /actuator/prometheus} of {@code target}
     * ({@code host:port}), adding {@code targetLabels} to every series as Kubernetes service
     * discovery would ({@code namespace}, {@code pod}), and evaluating {@code ruleFile}.
     */
    static PrometheusServer start(Path workDir, String target, Map<String, String> targetLabels, Path ruleFile) {
        int port = FreePorts.next();
        StringBuilder labels = new StringBuilder();
        targetLabels.forEach((name, value) -> labels.append("          ").append(name).append(": \"").append(value).append("\"\n"));
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["%s"]
                        labels:
                %s""".formatted(ruleFile, JOB, target, labels);
        try {
            Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
            Path log = workDir.resolve("prometheus.log");
            Process process = new ProcessBuilder(Tools.PROMETHEUS.path().toString(),
                    "--config.file=" + configFile, "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            PrometheusServer server = new PrometheusServer(process, log, port);
            server.await("Prometheus answers", Duration.ofSeconds(30), () -> server.get("status/buildinfo") != null);
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code /api/v1/query} of {@code promql} now: the whole answer, {@code status} and {@code data} or {@code error}. */
    JsonNode query(String promql) {
        return get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The series {@code promql} returns now; empty when it returns none or fails. */
    List<JsonNode> series(String promql) {
        JsonNode answer = query(promql);
        if (answer == null || !"success".equals(answer.path("status").asString())) {
            return List.of();
        }
        return answer.path("data").path("result").valueStream().toList();
    }

    /** The rules of the loaded rule file as Prometheus evaluates them ({@code /api/v1/rules}). */
    List<JsonNode> rules() {
        return get("rules").path("data").path("groups").valueStream()
            .flatMap((group) -> group.path("rules").valueStream())
            .toList();
    }

    /** Alerts pending or firing now ({@code /api/v1/alerts}). */
    List<JsonNode> activeAlerts() {
        return get("alerts").path("data").path("alerts").valueStream().toList();
    }

    /** Waits until {@code condition} holds, polling every 200 ms; fails naming {@code what} and Prometheus's log. */
    void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0 || !this.process.isAlive()) {
                throw new AssertionError("Not within " + timeout + ": " + what + "\nPrometheus log:\n" + log());
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** Waits until {@code promql} returns a series that passes {@code test}. */
    void awaitSeries(String promql, Predicate<JsonNode> test, Duration timeout) {
        await(promql + " returns a matching series", timeout, () -> series(promql).stream().anyMatch(test));
    }

    String log() {
        try {
            return Files.readString(this.log);
        }
        catch (IOException ex) {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(this.api.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
            // 400 and 422 carry the parse or evaluation error as JSON; anything else is not an answer.
            return (response.statusCode() == 200 || response.statusCode() == 400 || response.statusCode() == 422)
                    ? JSON.readTree(response.body()) : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
            this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

}
