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
import java.util.stream.Stream;

import dev.kafkapool.benchmarks.AppProcess;
import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.SampleApp;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.testsupport.process.FreePorts;

/**
 * HTTP: {@code wrk} against the sample app's {@code POST /api/v1/topics/{topic}/records} (the pool:
 * 202 once queued, and with {@code ?wait=true} 200 after the broker's ack) and against the plain
 * {@code KafkaTemplate} endpoint of the {@code kafka-template-baseline} profile
 * ({@code POST /api/v1/baseline/topics/{topic}/records}), in one app on one JVM, for each number of
 * connections and body size: steady state, repeated and interleaved; then each endpoint again
 * with the broker stopped for 20 s in the middle of the run. After every run the records that
 * reached the topic are counted from its end offsets and compared with the 2xx answers. Needs a
 * sample app jar that contains the baseline controller ({@code bench.http.jar}); without it only
 * the pool endpoints are measured.
 */
public final class HttpRunner {

    private static final String TOPIC = "bench-http";

    /** Seconds of load before the broker stops and after it is back, in the outage runs. */
    private static final int OUTAGE_MARGIN_SECONDS = 5;

    private static final String ASYNC = "pool (202 when queued)";

    private static final String WAIT = "pool, wait=true (200 after the ack)";

    private static final String TEMPLATE = "KafkaTemplate.send";

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

    private static final Pattern LATENCY = Pattern
        .compile("LATENCY_US p50=(\\d+) p90=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+)");

    private static final Pattern STATUS = Pattern.compile("STATUS 2xx=(\\d+) 429=(\\d+) 5xx=(\\d+) other=(\\d+)");

    private static final Pattern ERRORS = Pattern.compile("ERRORS connect=(\\d+) read=(\\d+) write=(\\d+) "
            + "status=(\\d+) timeout=(\\d+)");

    private final BenchmarkBroker broker;

    private final Report report;

    private final int repetitions = Integer.getInteger("bench.http.reps", 3);

    private final int seconds = Integer.getInteger("bench.http.seconds", 10);

    private final int outageSeconds = Integer.getInteger("bench.http.outage", 20);

    private final int warmupSeconds = Integer.getInteger("bench.http.warmup", 15);

    private final List<Integer> connections = integers(System.getProperty("bench.http.connections", "64,256"));

    private final List<Integer> bodySizes = integers(System.getProperty("bench.http.sizes", "1024,4096"));

    public HttpRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    record Result(double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis, long ok,
            long tooMany, long serverErrors, long other, String errors, long confirmed) {

        /** Answers that accepted the record (2xx) per second. */
        double acceptedPerSecond(int seconds) {
            return (double) this.ok / seconds;
        }

        Result confirmed(long records) {
            return new Result(this.requestsPerSecond, this.p50Millis, this.p99Millis, this.maxMillis, this.ok,
                    this.tooMany, this.serverErrors, this.other, this.errors, records);
        }

        String statuses() {
            return "2xx=" + this.ok + " 429=" + this.tooMany + " 5xx=" + this.serverErrors + " other=" + this.other;
        }

    }

    public void run() {
        Path jar = Path.of(System.getProperty("bench.http.jar", SampleApp.defaultJar().toString()));
        Path directory = this.report.directory().resolve("http");
        this.report.line("");
        this.report.line("### HTTP (wrk, 1 thread, connections " + this.connections + ", one JSON record of "
                + this.bodySizes + " B bodies per request; after 2 × " + this.warmupSeconds
                + " s warm-up per endpoint and body size; steady: median of " + this.repetitions + " × " + this.seconds
                + " s, alternating (min–max); \"in Kafka\" = records the topic gained, from its end offsets)");
        this.report.line("");
        SampleApp app = SampleApp.extract(jar, directory);
        if (app == null) {
            this.report.line("Skipped: no sample app jar at " + jar);
            return;
        }
        Map<Integer, Path> scripts = new LinkedHashMap<>();
        this.bodySizes.forEach((size) -> scripts.put(size, script(directory, size)));
        this.broker.createTopic(TOPIC, 4);
        this.broker.createTopic("orders", 1);
        int port = FreePorts.next();
        Map<String, String> endpoints = new LinkedHashMap<>();
        String records = "http://127.0.0.1:" + port + "/api/v1/topics/" + TOPIC + "/records";
        endpoints.put(ASYNC, records);
        endpoints.put(WAIT, records + "?wait=true");
        endpoints.put(TEMPLATE, "http://127.0.0.1:" + port + "/api/v1/baseline/topics/" + TOPIC + "/records");
        String only = System.getProperty("bench.http.only");
        if (only != null) {
            List<String> prefixes = List.of(only.split("\\|"));
            endpoints.keySet().removeIf((name) -> prefixes.stream().noneMatch(name::startsWith));
        }
        String[] appOptions = List.of(System.getProperty("bench.http.appJvmArgs", "").split(" ")).stream()
            .filter((option) -> !option.isBlank()).toArray(String[]::new);
        try (AppProcess process = new AppProcess(app
            .jvm(Path.of(System.getProperty("java.home")), this.broker, port, directory.resolve("app.log"), appOptions)
            .env("SPRING_PROFILES_ACTIVE", "kafka-template-baseline"), port)) {
            process.awaitReady(120);
            if (endpoints.containsKey(TEMPLATE) && post(endpoints.get(TEMPLATE)) == 404) {
                this.report.line("(the jar has no " + TEMPLATE + " endpoint: not measured)");
                endpoints.remove(TEMPLATE);
            }
            // JIT warm-up of every path and body size, twice, alternating; then the measured runs,
            // alternating too, once the warm-up's backlog is in Kafka.
            for (int round = 0; round < 2; round++) {
                for (Path script : scripts.values()) {
                    endpoints.values().forEach((url) -> wrk(script, url, this.connections.get(0),
                            this.warmupSeconds, "2s"));
                }
            }
            awaitRecords(0, Long.MAX_VALUE, 60);
            steady(endpoints, scripts);
            if (!Boolean.getBoolean("bench.http.skipOutage")) {
                outage(endpoints, scripts);
            }
        }
    }

    private void steady(Map<String, String> endpoints, Map<Integer, Path> scripts) {
        this.report.line("| connections | body | endpoint | accepted (2xx)/s | ratio to KafkaTemplate | answers/s | "
                + "p50 ms | p99 ms | 2xx (sum) | in Kafka (sum) | other answers, socket errors (last run) |");
        this.report.line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int connectionCount : this.connections) {
            for (Map.Entry<Integer, Path> script : scripts.entrySet()) {
                Map<String, List<Result>> runs = new LinkedHashMap<>();
                for (int rep = 0; rep < this.repetitions; rep++) {
                    for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                        Result result = confirmedRun(script.getValue(), endpoint.getValue(), connectionCount);
                        runs.computeIfAbsent(endpoint.getKey(), (k) -> new ArrayList<>()).add(result);
                        System.out.println("http: c=" + connectionCount + " body=" + script.getKey() + " "
                                + endpoint.getKey() + " " + result);
                    }
                }
                List<Result> baseline = runs.get(TEMPLATE);
                double baselineRate = (baseline != null) ? Stats.median(accepted(baseline)) : Double.NaN;
                runs.forEach((name, results) -> {
                    List<Double> rates = accepted(results);
                    Result last = results.get(results.size() - 1);
                    this.report.line("| " + connectionCount + " | " + script.getKey() + " B | " + name + " | "
                            + Stats.spread(rates, "%.0f") + " | " + Stats.fmt("%.2f", Stats.median(rates) / baselineRate)
                            + " | " + Stats.spread(results.stream().map(Result::requestsPerSecond).toList(), "%.0f")
                            + " | " + Stats.spread(results.stream().map(Result::p50Millis).toList(), "%.2f") + " | "
                            + Stats.spread(results.stream().map(Result::p99Millis).toList(), "%.2f") + " | "
                            + results.stream().mapToLong(Result::ok).sum() + " | "
                            + results.stream().mapToLong(Result::confirmed).sum() + " | 429=" + last.tooMany()
                            + " 5xx=" + last.serverErrors() + " other=" + last.other() + ", " + last.errors() + " |");
                });
            }
        }
    }

    /**
     * Each endpoint under load for {@code outage + 2 × 5} s with the broker stopped for the middle
     * {@code outage} seconds, then the records the topic gained once the backlog is delivered.
     */
    private void outage(Map<String, String> endpoints, Map<Integer, Path> scripts) {
        this.report.line("");
        this.report.line("With the broker stopped for " + this.outageSeconds + " s in the middle of a "
                + (this.outageSeconds + 2 * OUTAGE_MARGIN_SECONDS) + " s run (stopped " + OUTAGE_MARGIN_SECONDS
                + " s after wrk starts, restarted " + this.outageSeconds + " s later; wrk --timeout 5s; \"in Kafka\" "
                + "counted once the backlog is delivered):");
        this.report.line("");
        this.report.line("| connections | body | endpoint | answers/s | p50 ms | p99 ms | max ms | statuses | "
                + "in Kafka | socket errors |");
        this.report.line("|---:|---:|---|---:|---:|---:|---:|---|---:|---|");
        for (int connectionCount : this.connections) {
            for (Map.Entry<Integer, Path> script : scripts.entrySet()) {
                for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                    long before = this.broker.endOffsetSum(TOPIC);
                    Thread fault = new Thread(() -> {
                        sleep(TimeUnit.SECONDS.toMillis(OUTAGE_MARGIN_SECONDS));
                        this.broker.stopBroker();
                        sleep(TimeUnit.SECONDS.toMillis(this.outageSeconds));
                        this.broker.restartBroker();
                    }, "broker-outage");
                    fault.start();
                    Result result = wrk(script.getValue(), endpoint.getValue(), connectionCount,
                            this.outageSeconds + 2 * OUTAGE_MARGIN_SECONDS, "5s");
                    join(fault);
                    // Every client reconnects and delivers its backlog before the next run.
                    result = result.confirmed(awaitRecords(before, result.ok(), 120) - before);
                    System.out.println("http outage: c=" + connectionCount + " body=" + script.getKey() + " "
                            + endpoint.getKey() + " " + result);
                    this.report.line("| " + connectionCount + " | " + script.getKey() + " B | " + endpoint.getKey()
                            + " | " + Stats.fmt("%.0f", result.requestsPerSecond()) + " | "
                            + Stats.fmt("%.2f", result.p50Millis()) + " | " + Stats.fmt("%.2f", result.p99Millis())
                            + " | " + Stats.fmt("%.0f", result.maxMillis()) + " | " + result.statuses() + " | "
                            + result.confirmed() + " | " + result.errors() + " |");
                }
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private List<Double> accepted(List<Result> results) {
        return results.stream().map((result) -> result.acceptedPerSecond(this.seconds)).toList();
    }

    /** A steady-state wrk run, then the records the topic gained once the 2xx'd ones are in (or growth stopped). */
    private Result confirmedRun(Path script, String url, int connectionCount) {
        long before = this.broker.endOffsetSum(TOPIC);
        Result result = wrk(script, url, connectionCount, this.seconds, "2s");
        return result.confirmed(awaitRecords(before, result.ok(), 30) - before);
    }

    /** Polls the topic's end offsets until it holds {@code expected} more than {@code before}, or stops growing. */
    private long awaitRecords(long before, long expected, int settleSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleSeconds);
        long last = -1;
        int unchanged = 0;
        while (true) {
            long now = this.broker.endOffsetSum(TOPIC);
            if (now - before >= expected || System.nanoTime() > deadline) {
                return now;
            }
            unchanged = (now == last) ? unchanged + 1 : 0;
            if (unchanged >= 10) {
                return now;
            }
            last = now;
            sleep(500);
        }
    }

    private Result wrk(Path script, String url, int connectionCount, int durationSeconds, String timeout) {
        try {
            Process process = new ProcessBuilder("wrk", "-t1", "-c" + connectionCount, "-d" + durationSeconds + "s",
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
                    Long.parseLong(status.group(1)), Long.parseLong(status.group(2)), Long.parseLong(status.group(3)),
                    Long.parseLong(status.group(4)),
                    "connect=" + errors.group(1) + " read=" + errors.group(2) + " timeout=" + errors.group(5), -1);
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

    /** The wrk script, its request body padded to {@code bodyBytes}: one record with a JSON object value. */
    private static Path script(Path directory, int bodyBytes) {
        try (InputStream in = HttpRunner.class.getResourceAsStream("post.lua")) {
            Files.createDirectories(directory);
            String prefix = "{\"records\":[{\"key\":\"k1\",\"value\":{\"id\":12345,\"text\":\"";
            String suffix = "\"}}]}";
            int padding = Math.max(1, bodyBytes - prefix.length() - suffix.length());
            String body = prefix + "abcdefghijklmnopqrstuvwxyz0123456789".repeat(padding / 36 + 1).substring(0, padding)
                    + suffix;
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@BODY@", body)
                .replace("@HONOUR@", String.valueOf(Boolean.getBoolean("bench.http.retryAfter")));
            Path script = directory.resolve("post-" + bodyBytes + ".lua");
            Files.writeString(script, text);
            return script;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Integer> integers(String list) {
        return Stream.of(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
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
