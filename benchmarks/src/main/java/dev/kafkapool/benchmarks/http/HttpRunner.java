package dev.kafkapool.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkapool.benchmarks.AppProcess;
import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.SampleApp;
import dev.kafkapool.benchmarks.Stats;

/**
 * HTTP: {@code wrk} against the sample app's {@code POST /api/v1/topics/{topic}/records} (the pool,
 * 202 once queued) and against the plain {@code KafkaTemplate} endpoint of the
 * {@code kafka-template-baseline} profile ({@code POST /api/v1/baseline/topics/{topic}/records}),
 * in one app on one JVM: steady state, repeated and interleaved, then each endpoint during a 20 s
 * broker outage. Needs a sample app jar that contains the baseline controller
 * ({@code bench.http.jar}); without it only the pool endpoint is measured.
 */
public final class HttpRunner {

    private static final String TOPIC = "bench-http";

    /** The pool behind a handler that returns a plain ResponseEntity: no MVC async dispatch. */
    private static final String SYNC_POOL = "pool, plain ResponseEntity handler (diagnostic)";

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

    private static final Pattern LATENCY = Pattern
        .compile("LATENCY_US p50=(\\d+) p90=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+)");

    private static final Pattern STATUS = Pattern.compile("STATUS 2xx=(\\d+) 429=(\\d+) 5xx=(\\d+) other=(\\d+)");

    private static final Pattern ERRORS = Pattern.compile("ERRORS connect=(\\d+) read=(\\d+) write=(\\d+) "
            + "status=(\\d+) timeout=(\\d+)");

    private final BenchmarkBroker broker;

    private final Report report;

    private final int repetitions = Integer.getInteger("bench.http.reps", 5);

    private final int seconds = Integer.getInteger("bench.http.seconds", 10);

    private final int outageSeconds = Integer.getInteger("bench.http.outage", 20);

    private final int warmupSeconds = Integer.getInteger("bench.http.warmup", 15);

    private final String connections = System.getProperty("bench.http.connections", "16");

    public HttpRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    record Result(double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis, String statuses,
            String errors) {
    }

    public void run() {
        Path jar = Path.of(System.getProperty("bench.http.jar", SampleApp.defaultJar().toString()));
        Path directory = this.report.directory().resolve("http");
        this.report.line("");
        this.report.line("### HTTP (wrk, 1 thread, " + this.connections + " connections, one ~100 B JSON record per "
                + "request; after 2 × " + this.warmupSeconds + " s warm-up per endpoint; steady: median of "
                + this.repetitions + " × " + this.seconds + " s, alternating (min–max))");
        this.report.line("");
        SampleApp app = SampleApp.extract(jar, directory);
        if (app == null) {
            this.report.line("Skipped: no sample app jar at " + jar);
            return;
        }
        Path script = script(directory);
        this.broker.createTopic(TOPIC, 4);
        this.broker.createTopic("orders", 1);
        int port = AppProcess.freePort();
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("pool (202 when queued)", "http://127.0.0.1:" + port + "/api/v1/topics/" + TOPIC + "/records");
        endpoints.put("KafkaTemplate.send", "http://127.0.0.1:" + port + "/api/v1/baseline/topics/" + TOPIC
                + "/records");
        endpoints.put(SYNC_POOL, "http://127.0.0.1:" + port + "/api/v1/baseline/pool/topics/" + TOPIC + "/records");
        String only = System.getProperty("bench.http.only");
        if (only != null) {
            endpoints.keySet().removeIf((name) -> !name.startsWith(only));
        }
        String[] appOptions = List.of(System.getProperty("bench.http.appJvmArgs", "").split(" ")).stream()
            .filter((option) -> !option.isBlank()).toArray(String[]::new);
        try (AppProcess process = new AppProcess(app
            .jvm(Path.of(System.getProperty("java.home")), this.broker, port, directory.resolve("app.log"), appOptions)
            .env("SPRING_PROFILES_ACTIVE", "kafka-template-baseline"), port)) {
            process.awaitReady(120);
            for (String baseline : List.of("KafkaTemplate.send", SYNC_POOL)) {
                if (endpoints.containsKey(baseline) && post(endpoints.get(baseline)) == 404) {
                    this.report.line("(the jar has no " + baseline + " endpoint: not measured)");
                    endpoints.remove(baseline);
                }
            }
            // JIT warm-up of both paths, twice, alternating; then the measured runs, alternating too.
            for (int round = 0; round < 2; round++) {
                endpoints.values().forEach((url) -> wrk(script, url, this.warmupSeconds, "2s"));
            }
            Map<String, List<Result>> steady = new LinkedHashMap<>();
            for (int rep = 0; rep < this.repetitions; rep++) {
                for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                    Result result = wrk(script, endpoint.getValue(), this.seconds, "2s");
                    steady.computeIfAbsent(endpoint.getKey(), (k) -> new ArrayList<>()).add(result);
                    System.out.println("http: " + endpoint.getKey() + " " + result);
                }
            }
            this.report.line("| endpoint | requests/s | p50 ms | p99 ms | statuses |");
            this.report.line("|---|---:|---:|---:|---|");
            steady.forEach((name, results) -> this.report.line("| " + name + " | "
                    + Stats.spread(results.stream().map(Result::requestsPerSecond).toList(), "%.0f") + " | "
                    + Stats.spread(results.stream().map(Result::p50Millis).toList(), "%.2f") + " | "
                    + Stats.spread(results.stream().map(Result::p99Millis).toList(), "%.2f") + " | "
                    + results.get(results.size() - 1).statuses() + " |"));
            this.report.line("");
            this.report.line("During a " + this.outageSeconds + " s outage (broker stopped just before wrk starts, "
                    + "restarted after it ends; wrk --timeout 5s):");
            this.report.line("");
            this.report.line("| endpoint | requests/s | p50 ms | p99 ms | max ms | statuses | socket errors |");
            this.report.line("|---|---:|---:|---:|---:|---|---|");
            for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                if (endpoint.getKey().equals(SYNC_POOL) || Boolean.getBoolean("bench.http.skipOutage")) {
                    continue;
                }
                this.broker.stopBroker();
                Result result;
                try {
                    result = wrk(script, endpoint.getValue(), this.outageSeconds, "5s");
                }
                finally {
                    this.broker.restartBroker();
                }
                System.out.println("http outage: " + endpoint.getKey() + " " + result);
                this.report.line("| " + endpoint.getKey() + " | " + Stats.fmt("%.0f", result.requestsPerSecond())
                        + " | " + Stats.fmt("%.2f", result.p50Millis()) + " | " + Stats.fmt("%.2f", result.p99Millis())
                        + " | " + Stats.fmt("%.0f", result.maxMillis()) + " | " + result.statuses() + " | "
                        + result.errors() + " |");
                // Let both clients reconnect and deliver the backlog before the next run.
                sleep(20_000);
            }
        }
    }

    private Result wrk(Path script, String url, int durationSeconds, String timeout) {
        try {
            Process process = new ProcessBuilder("wrk", "-t1", "-c" + this.connections, "-d" + durationSeconds + "s",
                    "--timeout", timeout, "--latency", "-s", script.toString(), url).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(durationSeconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed:\n" + output);
            }
            Files.writeString(this.report.directory().resolve("http").resolve("wrk.log"), url + "\n" + output + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Matcher rps = find(RPS, output);
            Matcher latency = find(LATENCY, output);
            Matcher status = find(STATUS, output);
            Matcher errors = find(ERRORS, output);
            return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(latency.group(1)) / 1000.0,
                    Long.parseLong(latency.group(3)) / 1000.0, Long.parseLong(latency.group(5)) / 1000.0,
                    "2xx=" + status.group(1) + " 429=" + status.group(2) + " 5xx=" + status.group(3) + " other="
                            + status.group(4),
                    "connect=" + errors.group(1) + " read=" + errors.group(2) + " timeout=" + errors.group(5));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run wrk (apt-get install -y wrk)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Matcher find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("No '" + pattern + "' in wrk's output:\n" + output);
        }
        return matcher;
    }

    private static int post(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write("{\"records\":[{\"key\":\"k\",\"value\":1}]}".getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path script(Path directory) {
        try (InputStream in = HttpRunner.class.getResourceAsStream("post.lua")) {
            Files.createDirectories(directory);
            Path script = directory.resolve("post.lua");
            Files.write(script, in.readAllBytes());
            return script;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
