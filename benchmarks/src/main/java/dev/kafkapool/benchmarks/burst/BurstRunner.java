package dev.kafkapool.benchmarks.burst;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.CpuNeighbours;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.benchmarks.ThreadCpu;
import dev.kafkapool.benchmarks.delivery.DeliveryRunner;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.process.ChildJvm;

/**
 * The pool in a real application ({@link BurstApp}) against ProducerPerformance, each in a fresh
 * JVM with default options, alternating, on fresh topics of the same mTLS broker: throughput, CPU
 * per record with start and stop subtracted, allocation per record, the longest single publish.
 * Each round also starts the app with no records and ProducerPerformance with one record: their
 * CPU is what "start and stop" means when it is subtracted. The app keeps the starter's default
 * queue bounds and honours a full queue (it tries again after 1 ms); an app variant's
 * {@code -Dkafka.*} options change them, and {@code -Dburst.client=producer} sends through a
 * {@code KafkaProducer} of the app's own instead of the pool ({@link BurstApp}).
 */
public final class BurstRunner {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(600);

    private static final Pattern PP_TOTAL = Pattern
        .compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private static final Pattern NUMBER = Pattern.compile("(\\w+)=([\\w.+-]+)");

    private static final int PARTITIONS = 4;

    private final BenchmarkBroker broker;

    private final Report report;

    private final int rounds = Integer.getInteger("bench.burst.reps", 5);

    /** App variants: JVM options, {@code |}-separated; {@code default} is none. */
    private final List<String> apps = List.of(System.getProperty("bench.burst.apps", "default|-Xmx768m").split("\\|"));

    private final boolean keyed = Boolean.parseBoolean(System.getProperty("bench.burst.keyed", "true"));

    /**
     * Whether the app also finds what its longest publish spent its time on ({@code PublishCause}: the
     * thread's CPU time around each publish, two system calls each, and a flight recording of safepoints).
     */
    private final boolean publishCause = Boolean.getBoolean("bench.burst.publishCause");

    /**
     * Whether ProducerPerformance fills every record with fresh random letters (its default without
     * a payload file, a per-record cost the app does not pay: it builds its messages before its clock
     * starts), as runs 1-21 of section 7 did; by default it sends the app's own messages from a file.
     */
    private final boolean ppRandomPayload = Boolean.getBoolean("bench.burst.ppRandomPayload");

    /** Distinct messages in ProducerPerformance's payload file; it picks one of them per record. */
    private static final int PAYLOAD_LINES = 1000;

    public BurstRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    public void run() {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (String spec : System.getProperty("bench.burst.sizes", "100:600000,1024:200000,4096:60000").split(",")) {
            String[] parts = spec.split(":");
            counts.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        List<String> clients = new ArrayList<>();
        clients.add("ProducerPerformance");
        this.apps.forEach((options) -> clients.add("app " + options));
        Map<String, List<Map<String, Double>>> runs = new HashMap<>();
        List<Double> neighbours = new ArrayList<>();
        for (int round = 1; round <= this.rounds; round++) {
            CpuNeighbours cpu = CpuNeighbours.start();
            runs.computeIfAbsent("pp-start-stop", (k) -> new ArrayList<>()).add(producerPerformance(1, 100, round));
            // each variant's own start and stop: a collector or heap of its own starts and stops at a cost of its own
            for (String options : this.apps) {
                runs.computeIfAbsent("app-start-stop/" + options, (k) -> new ArrayList<>()).add(app(options, 0, 100, round));
            }
            for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
                for (String client : clients) {
                    Map<String, Double> run = client.equals("ProducerPerformance")
                            ? producerPerformance(size.getValue(), size.getKey(), round)
                            : app(client.substring("app ".length()), size.getValue(), size.getKey(), round);
                    runs.computeIfAbsent(client + "/" + size.getKey(), (k) -> new ArrayList<>()).add(run);
                }
            }
            neighbours.add(cpu.otherCores());
        }
        double ppStartStopCpu = Stats.median(values(runs.get("pp-start-stop"), (r) -> r.get("cpuTotalNanos")));
        double ppStartStopAlloc = Stats.median(values(runs.get("pp-start-stop"), (r) -> r.get("allocatedBytes")));
        Map<String, Double> appStartStopCpu = new LinkedHashMap<>();
        this.apps.forEach((options) -> appStartStopCpu.put("app " + options,
                Stats.median(values(runs.get("app-start-stop/" + options), (r) -> r.get("cpuTotalNanos")))));
        this.report.line("");
        this.report.line("### Burst app against ProducerPerformance (" + this.rounds + " alternating rounds, medians "
                + "(min–max); keyed=" + this.keyed + "; the starter's queue bounds unless a variant sets kafka.queue-*; "
                + "ProducerPerformance's payload: " + (this.ppRandomPayload
                        ? "fresh random letters per record (its default without a payload file)"
                        : "the app's own messages, " + PAYLOAD_LINES + " of them in a payload file") + ")");
        this.report.line("");
        this.report.line("Start and stop, CPU: ProducerPerformance with 1 record " + Stats.fmt("%.2f", ppStartStopCpu / 1e9)
                + " s, app with 0 records " + appStartStopCpu.entrySet().stream()
                    .map((app) -> Stats.fmt("%.2f", app.getValue() / 1e9) + " s (" + app.getKey().substring(4) + ")")
                    .collect(java.util.stream.Collectors.joining(", ")) + "; ProducerPerformance's "
                + "start/stop allocation " + Stats.fmt("%.1f", ppStartStopAlloc / 1e6) + " MB. Other processes used "
                + Stats.fmt("%.2f", Stats.median(neighbours)) + " cores (median of rounds).");
        this.report.line("");
        this.report.line("| size | N | client | records/s | ratio | CPU µs/record (whole process) | CPU µs/record, "
                + "start/stop subtracted | ratio to PP whole / PP subtracted | CPU µs/record, burst only | "
                + "allocated B/record | − value | longest publish ms (max) | publishes > 1 ms | GC: pauses, total ms, "
                + "max ms | longest publish during a GC |");
        this.report.line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
            int n = size.getValue();
            List<Map<String, Double>> pp = runs.get("ProducerPerformance/" + size.getKey());
            double ppRate = Stats.median(values(pp, (r) -> r.get("recordsPerSec")));
            double ppWhole = Stats.median(values(pp, (r) -> r.get("cpuTotalNanos"))) / n / 1e3;
            double ppSubtracted = (Stats.median(values(pp, (r) -> r.get("cpuTotalNanos"))) - ppStartStopCpu) / n / 1e3;
            for (String client : clients) {
                List<Map<String, Double>> list = runs.get(client + "/" + size.getKey());
                double rate = Stats.median(values(list, (r) -> r.get("recordsPerSec")));
                boolean isPp = client.equals("ProducerPerformance");
                double whole = Stats.median(values(list, (r) -> r.get("cpuTotalNanos"))) / n / 1e3;
                double subtracted = isPp ? ppSubtracted : (whole * n * 1e3 - appStartStopCpu.get(client)) / n / 1e3;
                double allocated = isPp
                        ? (Stats.median(values(list, (r) -> r.get("allocatedBytes"))) - ppStartStopAlloc) / n
                        : Stats.median(values(list, (r) -> r.get("allocatedBytes"))) / n;
                StringBuilder line = new StringBuilder().append("| ").append(size.getKey()).append(" | ").append(n)
                    .append(" | ").append(client).append(" | ")
                    .append(Stats.spread(values(list, (r) -> r.get("recordsPerSec")), "%.0f")).append(" | ")
                    .append(Stats.fmt("%.2f", rate / ppRate)).append(" | ").append(Stats.fmt("%.2f", whole))
                    .append(" | ").append(Stats.fmt("%.2f", subtracted)).append(" | ")
                    .append(Stats.fmt("%.2f", subtracted / ppWhole)).append(" / ")
                    .append(Stats.fmt("%.2f", subtracted / ppSubtracted)).append(" | ");
                if (isPp) {
                    line.append("– | ").append(Stats.fmt("%.0f", allocated)).append(" | ")
                        .append(Stats.fmt("%.0f", allocated - size.getKey())).append(" | – | – | – | – |");
                }
                else {
                    line.append(Stats.fmt("%.2f", Stats.median(values(list, (r) -> r.get("cpuBurstNanos"))) / n / 1e3))
                        .append(" | ").append(Stats.fmt("%.0f", allocated)).append(" | ")
                        .append(Stats.fmt("%.0f", allocated - size.getKey())).append(" | ")
                        .append(Stats.fmt("%.1f", Stats.median(values(list, (r) -> r.get("maxPublishMicros"))) / 1e3))
                        .append(" (").append(Stats.fmt("%.1f", Stats.max(values(list, (r) -> r.get("maxPublishMicros"))) / 1e3))
                        .append(") | ").append(Stats.list(values(list, (r) -> r.get("publishesOver1ms")), "%.0f"))
                        .append(" | ").append(Stats.fmt("%.0f", Stats.median(values(list, (r) -> r.get("gcPauses")))))
                        .append(", ").append(Stats.fmt("%.0f", Stats.median(values(list, (r) -> r.get("gcPauseMillis")))))
                        .append(", ").append(Stats.fmt("%.0f", Stats.max(values(list, (r) -> r.get("gcMaxPauseMillis")))))
                        .append(" | ").append(Stats.fmt("%.0f", values(list, (r) -> r.get("maxPublishDuringGc")).stream()
                            .mapToDouble(Double::doubleValue).sum()))
                        .append(" of ").append(list.size()).append(" |");
                }
                this.report.line(line.toString());
            }
        }
        cpuByThread(counts, clients, runs);
        if (this.publishCause) {
            publishCauses(counts, clients, runs);
        }
    }

    /**
     * Each app run's longest publish: wall time, the publishing thread's own CPU in it, the time the
     * JVM was stopped at a safepoint meanwhile (GC or other), and which publish it was (0 = the first).
     * Wall time that is none of these the thread spent waiting for a core.
     */
    private void publishCauses(Map<Integer, Integer> counts, List<String> clients,
            Map<String, List<Map<String, Double>>> runs) {
        this.report.line("");
        this.report.line("The longest publish of each run: wall ms / the publishing thread's CPU ms / ms at a safepoint "
                + "(GC or other VM operation) / ms of ZGC allocation stall, #index of the publish (0 = the first):");
        this.report.line("");
        this.report.line("| size | client | runs |");
        this.report.line("|---:|---|---|");
        for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
            for (String client : clients) {
                if (client.equals("ProducerPerformance")) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (Map<String, Double> run : runs.get(client + "/" + size.getKey())) {
                    cells.add(Stats.fmt("%.1f", run.get("maxPublishMicros") / 1e3) + " / "
                            + Stats.fmt("%.2f", run.get("maxPublishCpuMicros") / 1e3) + " / "
                            + Stats.fmt("%.1f", run.get("maxPublishSafepointMicros") / 1e3) + " / "
                            + Stats.fmt("%.1f", run.get("maxPublishAllocationStallMicros") / 1e3) + " #"
                            + Stats.fmt("%.0f", run.get("maxPublishIndex")));
                }
                this.report.line("| " + size.getKey() + " | " + client + " | " + String.join("; ", cells) + " |");
            }
        }
    }

    /**
     * Where the CPU goes, by thread role ({@link ThreadCpu}): ProducerPerformance's whole run minus
     * its one-record run, the app's burst (first publish to last future).
     */
    private void cpuByThread(Map<Integer, Integer> counts, List<String> clients,
            Map<String, List<Map<String, Double>>> runs) {
        this.report.line("");
        this.report.line("CPU by thread, µs per record (medians; ProducerPerformance: its run minus its 1-record run; "
                + "app: the burst only, first publish to last future; gc includes the VM thread):");
        this.report.line("");
        ThreadCpu.tableHead("| size | client |", "|---:|---|", ThreadCpu.APPLICATION).forEach(this.report::line);
        for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
            for (String client : clients) {
                boolean isPp = client.equals("ProducerPerformance");
                List<Map<String, Double>> list = runs.get(client + "/" + size.getKey());
                this.report.line(ThreadCpu.tableRow("| " + size.getKey() + " | " + client + " |", ThreadCpu.APPLICATION,
                        (role) -> {
                            String key = "cpu_" + role;
                            double nanos = Stats.median(values(list, (r) -> r.getOrDefault(key, 0.0)));
                            return isPp ? nanos - Stats.median(values(runs.get("pp-start-stop"),
                                    (r) -> r.getOrDefault(key, 0.0))) : nanos;
                        }, size.getValue()));
            }
        }
    }

    private String[] ppArguments(String topic, int count, int size) {
        List<String> arguments = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(count), "--throughput", "-1", "--producer.config",
                this.broker.producerProperties().toString()));
        if (this.ppRandomPayload) {
            arguments.addAll(List.of("--record-size", String.valueOf(size)));
        }
        else {
            arguments.addAll(List.of("--payload-file", payloadFile(size).toString()));
        }
        return arguments.toArray(String[]::new);
    }

    /** The app's own messages of {@code size} bytes ({@link BurstApp#json}), one per line. */
    private Path payloadFile(int size) {
        Path file = this.report.directory().resolve("burst-payload-" + size + ".txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < PAYLOAD_LINES; i++) {
            lines.append(new String(BurstApp.json(i, size), StandardCharsets.UTF_8)).append('\n');
        }
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    private Map<String, Double> producerPerformance(int count, int size, int round) {
        String topic = topic("pp", size, count, round);
        String printed = ChildJvm.current()
            .classPath(DeliveryRunner.kafkaToolsClassPath() + File.pathSeparator + ownClasses())
            .mainClass(MeasuredMain.class.getName(), ppArguments(topic, count, size))
            .output(this.report.directory().resolve("burst-" + topic + ".log"))
            .run(RUN_TIMEOUT);
        Matcher total = PP_TOTAL.matcher(printed);
        String last = null;
        while (total.find()) {
            last = total.group(2);
        }
        int measured = printed.indexOf("MEASURED ");
        if (last == null || measured < 0) {
            throw new IllegalStateException("No total in ProducerPerformance's output:\n" + printed);
        }
        Map<String, Double> run = numbers(printed.substring(measured));
        run.put("recordsPerSec", Double.parseDouble(last));
        run.put("cpuTotalNanos", run.get("cpuNanos"));
        check("ProducerPerformance", topic, count);
        System.out.printf("burst: round %d, %5d B, ProducerPerformance %s%n", round, size, run);
        return run;
    }

    private Map<String, Double> app(String options, int count, int size, int round) {
        String topic = topic("app", size, count, round);
        Map<String, String> environment = KafkaPoolSettings.of(this.broker.cluster()).environment();
        // The starter's own queue bounds, as a new user has them: a publish refused with a full
        // queue is tried again by the app after 1 ms. Before run 10 they were raised to admit the
        // whole burst; the app variant "-Dkafka.queue-capacity=1000000 -Dkafka.queue-max-bytes=2GB"
        // does that (system properties win over the environment).
        environment.put("SERVER_PORT", "0");
        // on a machine shared with other builds the fail-fast check's 10 s ran out once (run 1)
        environment.put(SettingNames.STARTUP_TIMEOUT, "60s");
        ChildJvm jvm = ChildJvm.current();
        if (!options.equals("default")) {
            jvm.jvmOptions(options.split(" "));
        }
        if (count > 0 && Boolean.getBoolean("bench.burst.jfr")) {
            // a JFR profile of each burst (not of the start-and-stop runs), named by its topic
            jvm.jvmOptions("-XX:StartFlightRecording=settings=profile,filename="
                    + this.report.directory().resolve(topic + ".jfr"));
        }
        String printed = jvm
            .jvmOptions("-Dburst.count=" + count, "-Dburst.size=" + size, "-Dburst.topic=" + topic,
                    "-Dburst.keyed=" + this.keyed, "-Dburst.publishCause=" + this.publishCause, "-Dorg.springframework.boot.logging.LoggingSystem=none")
            .env(environment)
            .mainClass(BurstApp.class.getName())
            .output(this.report.directory().resolve("burst-" + topic + ".log"))
            .run(RUN_TIMEOUT);
        int line = printed.indexOf("BURST ");
        if (line < 0) {
            throw new IllegalStateException("No BURST line in the app's output:\n" + printed);
        }
        Map<String, Double> run = numbers(printed.substring(line, printed.indexOf('\n', line)));
        check("app", topic, count);
        System.out.printf("burst: round %d, %5d B, app %s %s%n", round, size, options, run);
        return run;
    }

    private String topic(String client, int size, int count, int round) {
        String topic = "burst-" + client + "-" + size + "-" + count + "-" + round + "-" + System.nanoTime() % 100_000;
        this.broker.createTopic(topic, PARTITIONS);
        return topic;
    }

    private void check(String client, String topic, int count) {
        long onBroker = this.broker.endOffsetSum(topic);
        if (onBroker != count) {
            throw new IllegalStateException(client + " sent " + count + " records to " + topic
                    + " but the broker's end offsets add up to " + onBroker);
        }
    }

    /** name=number pairs of a result line; true/false as 1/0, other words skipped. */
    static Map<String, Double> numbers(String line) {
        Map<String, Double> numbers = new HashMap<>();
        Matcher matcher = NUMBER.matcher(line);
        while (matcher.find()) {
            String value = matcher.group(2);
            if (value.equals("true") || value.equals("false")) {
                numbers.put(matcher.group(1), value.equals("true") ? 1.0 : 0.0);
            }
            else if (value.matches("-?[\\d.]+")) {
                numbers.put(matcher.group(1), Double.parseDouble(value));
            }
        }
        return numbers;
    }

    private static List<Double> values(List<Map<String, Double>> runs, ToDoubleFunction<Map<String, Double>> field) {
        return runs.stream().map((r) -> field.applyAsDouble(r)).toList();
    }

    private static String ownClasses() {
        try {
            return Path.of(BurstRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
