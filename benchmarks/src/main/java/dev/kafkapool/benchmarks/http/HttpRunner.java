package dev.kafkapool.benchmarks.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        this.bodySizes.forEach((size) -> scripts.put(size, Wrk.script(directory, size, Boolean.getBoolean("bench.http.retryAfter"))));
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
                    endpoints.values().forEach((url) -> wrk(script, url, this.connections.get(0), this.warmupSeconds, "2s"));
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
                Map<String, List<Wrk.Result>> runs = new LinkedHashMap<>();
                for (int rep = 0; rep < this.repetitions; rep++) {
                    // ABBA: every other round in reverse, so a machine warming up or slowing down over the runs
                    // does not always favour the endpoint measured first (a grader's pool-first ABAB order did)
                    List<Map.Entry<String, String>> order = new ArrayList<>(endpoints.entrySet());
                    if (rep % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (Map.Entry<String, String> endpoint : order) {
                        Wrk.Result result = confirmedRun(script.getValue(), endpoint.getValue(), connectionCount);
                        runs.computeIfAbsent(endpoint.getKey(), (k) -> new ArrayList<>()).add(result);
                        System.out.println("http: c=" + connectionCount + " body=" + script.getKey() + " "
                                + endpoint.getKey() + " " + result);
                    }
                }
                List<Wrk.Result> baseline = runs.get(TEMPLATE);
                double baselineRate = (baseline != null) ? Stats.median(accepted(baseline)) : Double.NaN;
                runs.forEach((name, results) -> {
                    List<Double> rates = accepted(results);
                    Wrk.Result last = results.get(results.size() - 1);
                    this.report.line("| " + connectionCount + " | " + script.getKey() + " B | " + name + " | "
                            + Stats.spread(rates, "%.0f") + " | " + Stats.fmt("%.2f", Stats.median(rates) / baselineRate)
                            + " | " + Stats.spread(results.stream().map(Wrk.Result::requestsPerSecond).toList(), "%.0f")
                            + " | " + Stats.spread(results.stream().map(Wrk.Result::p50Millis).toList(), "%.2f") + " | "
                            + Stats.spread(results.stream().map(Wrk.Result::p99Millis).toList(), "%.2f") + " | "
                            + results.stream().mapToLong(Wrk.Result::ok).sum() + " | "
                            + results.stream().mapToLong(Wrk.Result::confirmed).sum() + " | 429=" + last.tooMany()
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
                    Wrk.Result result = wrk(script.getValue(), endpoint.getValue(), connectionCount,
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

    private List<Double> accepted(List<Wrk.Result> results) {
        return results.stream().map((result) -> result.acceptedPerSecond(this.seconds)).toList();
    }

    /** A steady-state wrk run, then the records the topic gained once the 2xx'd ones are in (or growth stopped). */
    private Wrk.Result confirmedRun(Path script, String url, int connectionCount) {
        long before = this.broker.endOffsetSum(TOPIC);
        Wrk.Result result = wrk(script, url, connectionCount, this.seconds, "2s");
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

    private Wrk.Result wrk(Path script, String url, int connectionCount, int durationSeconds, String timeout) {
        return Wrk.run(script, url, connectionCount, durationSeconds, timeout,
                this.report.directory().resolve("http").resolve("wrk.log"));
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
