package dev.kafkapool.benchmarks.admission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.CpuNeighbours;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;

/**
 * Runs {@link AdmissionBenchmark} for 1, 4, 8 and 16 calling threads, broker up then broker
 * stopped, each as {@code forks} separate JVMs; reports the median over forks of each fork's
 * p50/p99/p99.9 and throughput.
 */
public final class AdmissionRunner {

    private static final Pattern AUX = Pattern
        .compile("^(\\w+) threads=(\\d+) brokerUp=(\\w+) opsPerSec=(\\d+) rejected=(\\d+) failed=(\\d+)(.*)$");

    private final BenchmarkBroker broker;

    private final Report report;

    private final int forks = Integer.getInteger("bench.admission.forks", 3);

    private final List<Integer> threadCounts = parse(System.getProperty("bench.admission.threads", "1,4,8,16"));

    private final List<String> clients = List.of(System.getProperty("bench.admission.clients", "pool,kafkaTemplate")
        .split(","));

    private final List<String> extraJvmArgs = List.of(System.getProperty("bench.admission.jvmArgs", "")
        .split(" ")).stream().filter((s) -> !s.isBlank()).toList();

    private final List<Boolean> brokerStates = List.of(System.getProperty("bench.admission.broker", "up,stopped")
        .split(",")).stream().map((state) -> state.trim().equals("up")).toList();

    public AdmissionRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    public void run() {
        String topic = "admission";
        this.broker.createTopic(topic, 4);
        Map<String, Row> rows = new LinkedHashMap<>();
        Path aux = this.report.directory().resolve("admission-aux.txt");
        try {
            Files.deleteIfExists(aux);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        for (boolean up : this.brokerStates) {
            if (!up) {
                this.broker.stopBroker();
            }
            try {
                for (int threads : this.threadCounts) {
                    for (String client : this.clients) {
                        CpuNeighbours cpu = CpuNeighbours.start();
                        RunResult result = jmh(client, threads, up, topic, aux);
                        Row row = row(result);
                        row.otherCores = cpu.otherCores();
                        rows.put(key(client, threads, up), row);
                    }
                }
            }
            finally {
                if (!up) {
                    this.broker.restartBroker();
                }
            }
        }
        readAux(aux, rows);
        this.report.line("");
        this.report.line("### Admission (JMH SampleTime, 100 B value, " + this.forks + " forks; median of the forks' "
                + "percentiles, [min–max])");
        this.report.line("");
        this.report.line("| broker | threads | client | p50 µs | p99 µs | p99.9 µs | ops/s | rejected | other processes, cores |");
        this.report.line("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        for (boolean up : this.brokerStates) {
            for (int threads : this.threadCounts) {
                for (String client : this.clients) {
                    Row row = rows.get(key(client, threads, up));
                    if (row == null) {
                        continue;
                    }
                    this.report.line("| " + (up ? "up" : "stopped") + " | " + threads + " | " + client + " | "
                            + Stats.spread(row.p50, "%.2f") + " | " + Stats.spread(row.p99, "%.2f") + " | "
                            + Stats.spread(row.p999, "%.2f") + " | "
                            + (row.opsPerSec.isEmpty() ? "?" : Stats.spread(row.opsPerSec, "%.0f")) + " | "
                            + row.rejected + " | " + Stats.fmt("%.2f", row.otherCores) + " |");
                }
            }
        }
    }

    private RunResult jmh(String client, int threads, boolean up, String topic, Path aux) {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(AdmissionBenchmark.class.getName() + "\\." + client + "$")
            .threads(threads)
            .forks(this.forks)
            .shouldFailOnError(true)
            .timeUnit(TimeUnit.MICROSECONDS)
            .output(this.report.directory().resolve("jmh-admission-" + client + "-" + threads + "-"
                    + (up ? "up" : "down") + ".log").toString());
        if (!up && client.equals("kafkaTemplate")) {
            // Every send blocks for max.block.ms (1 s): few, long samples.
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        else {
            options.warmupIterations(Integer.getInteger("bench.admission.warmups", 3))
                .warmupTime(TimeValue.milliseconds(Integer.getInteger("bench.admission.millis", 100)))
                .measurementIterations(Integer.getInteger("bench.admission.iterations", 6))
                .measurementTime(TimeValue.milliseconds(Integer.getInteger("bench.admission.millis", 100)));
        }
        List<String> jvm = new ArrayList<>(List.of("-Xms4g", "-Xmx4g",
                "-Dbench.producer.properties=" + this.broker.producerProperties(), "-Dbench.topic=" + topic,
                "-Dbench.broker.up=" + up, "-Dbench.aux.file=" + aux,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        jvm.addAll(this.extraJvmArgs);
        options.jvmArgs(jvm.toArray(String[]::new));
        System.out.println("admission: " + client + " threads=" + threads + " broker " + (up ? "up" : "stopped"));
        try {
            return new Runner(options.build()).runSingle();
        }
        catch (RunnerException ex) {
            throw new IllegalStateException("JMH failed for " + client + " with " + threads + " threads", ex);
        }
    }

    private static Row row(RunResult result) {
        Row row = new Row();
        Collection<BenchmarkResult> forks = result.getBenchmarkResults();
        for (BenchmarkResult fork : forks) {
            Statistics statistics = fork.getPrimaryResult().getStatistics();
            row.p50.add(statistics.getPercentile(50));
            row.p99.add(statistics.getPercentile(99));
            row.p999.add(statistics.getPercentile(99.9));
        }
        return row;
    }

    private static void readAux(Path aux, Map<String, Row> rows) {
        if (!Files.exists(aux)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(aux)) {
                Matcher matcher = AUX.matcher(line.trim());
                if (!matcher.matches()) {
                    continue;
                }
                Row row = rows.get(key(matcher.group(1), Integer.parseInt(matcher.group(2)),
                        Boolean.parseBoolean(matcher.group(3))));
                if (row != null) {
                    row.opsPerSec.add(Double.parseDouble(matcher.group(4)));
                    row.rejected += Long.parseLong(matcher.group(5));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String key(String client, int threads, boolean up) {
        return client + "/" + threads + "/" + up;
    }

    private static List<Integer> parse(String list) {
        return List.of(list.split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
    }

    private static final class Row {

        final List<Double> p50 = new ArrayList<>();

        final List<Double> p99 = new ArrayList<>();

        final List<Double> p999 = new ArrayList<>();

        final List<Double> opsPerSec = new ArrayList<>();

        long rejected;

        double otherCores = Double.NaN;

    }

}
