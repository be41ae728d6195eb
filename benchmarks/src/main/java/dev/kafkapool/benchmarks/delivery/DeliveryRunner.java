package dev.kafkapool.benchmarks.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.CpuNeighbours;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.benchmarks.ThreadCpu;
import dev.kafkapool.testsupport.process.ChildJvm;

/**
 * Delivery throughput: the pool (1, 2, 4 workers; one shared producer or one per worker) against
 * {@code org.apache.kafka.tools.ProducerPerformance}, same producer settings, same mTLS broker,
 * each run in a fresh JVM with the same options and on a fresh topic whose end offsets must add
 * up to N. Runs are interleaved (every configuration once, then again) so drift hits all alike.
 */
public final class DeliveryRunner {

    /** Options of every client JVM of this part. */
    static final List<String> CLIENT_JVM = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC");

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(600);

    private static final Pattern PP_TOTAL = Pattern
        .compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    /** ProducerPerformance's summary of the records after its {@code --warmup-records}. */
    private static final Pattern PP_STEADY = Pattern
        .compile("(\\d+) steady state records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private static final Pattern POOL_TOTAL = Pattern.compile("RESULT records=(\\d+) seconds=([\\d.]+) "
            + "recordsPerSec=([\\d.]+) mbPerSec=([\\d.]+) admitSeconds=([\\d.]+) rejected=(\\d+) failed=(\\d+)");

    private static final int PARTITIONS = 4;

    private final BenchmarkBroker broker;

    private final Report report;

    private final int repetitions = Integer.getInteger("bench.delivery.reps", 3);

    private final double scale = Double.parseDouble(System.getProperty("bench.delivery.scale", "1"));

    /**
     * Records each client sends first and leaves out of its figure (0: none): ProducerPerformance's
     * {@code --warmup-records}; the pool's clock starts at that many acknowledgements.
     */
    private final int warmup = Integer.getInteger("bench.delivery.warmup", 0);

    /**
     * Whether ProducerPerformance fills every record with fresh random letters on its sending thread, as it does
     * without a payload file (runs before 2026-12-07): a per-record cost the pool's driver, which sends one array of
     * {@code 'x'}, does not have. By default it sends that same array, from a payload file.
     */
    private final boolean ppRandomPayload = Boolean.getBoolean("bench.delivery.ppRandomPayload");

    private static final Pattern CPU_ROLE = Pattern.compile("cpu_(\\w+)=(\\d+)");

    /** The pool runs' CPU by thread role, nanoseconds, per client and size (see {@link PoolDrain}). */
    private final Map<String, List<Map<String, Long>>> threadCpu = new LinkedHashMap<>();

    public DeliveryRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    /** A measured client: ProducerPerformance, or the pool with {@code workers} and {@code shared}. */
    record Client(String name, int workers, boolean shared, String journal, long fsyncMillis, long rotateMillis,
            long queueMaxMegabytes) {

        boolean isCeiling() {
            return this.workers == 0;
        }

    }

    static List<Client> clients() {
        List<Client> clients = new ArrayList<>();
        clients.add(new Client("ProducerPerformance", 0, true, "none", 0, 0, 0));
        // "2s": 2 workers, one shared producer; "2p": one producer per worker; ":interval",
        // ":always" or ":never" after it: with a journal in that fsync mode; ":idheader": in memory,
        // each record with a header shaped like the journal's id ("@F" after interval: every
        // F ms instead of the default 200); "~M" at the end: a
        // reconnect (what a certificate reload does) every M ms; "%B" at the very end: the queue's
        // byte bound B MB instead of room for every payload (with a journal, payloads beyond half of
        // it wait in the journal only)
        for (String spec : System.getProperty("bench.delivery.pools", "1s,2s,4s,2p,4p").split(",")) {
            String[] bounded = spec.trim().split("%");
            long queueMaxMegabytes = (bounded.length > 1) ? Long.parseLong(bounded[1]) : 0;
            String[] rotation = bounded[0].split("~");
            long rotateMillis = (rotation.length > 1) ? Long.parseLong(rotation[1]) : 0;
            String[] parts = rotation[0].split(":");
            String shape = parts[0];
            String[] fsync = ((parts.length > 1) ? parts[1] : "none").split("@");
            String journal = fsync[0];
            long fsyncMillis = (fsync.length > 1) ? Long.parseLong(fsync[1]) : 200;
            int workers = Integer.parseInt(shape.substring(0, shape.length() - 1));
            boolean shared = shape.endsWith("s");
            clients.add(new Client("pool " + workers + "w " + (shared ? "shared" : "per-worker")
                    + (journal.equals("none") ? ""
                            : journal.equals("idheader") ? ", in memory + id header" : ", journal " + journal)
                    + ((fsync.length > 1) ? " every " + fsyncMillis + " ms" : "")
                    + ((rotateMillis > 0) ? ", reconnect every " + rotateMillis + " ms" : "")
                    + ((queueMaxMegabytes > 0) ? ", queue bound " + queueMaxMegabytes + " MB" : ""), workers, shared,
                    journal, fsyncMillis, rotateMillis, queueMaxMegabytes));
        }
        return clients;
    }

    public void run() {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (String spec : System.getProperty("bench.delivery.sizes", "100:600000,1024:250000,4096:80000")
            .split(",")) {
            String[] parts = spec.split(":");
            counts.put(Integer.parseInt(parts[0]), (int) (Integer.parseInt(parts[1]) * this.scale));
        }
        List<Client> clients = clients();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> neighbours = new LinkedHashMap<>();
        for (int rep = 1; rep <= this.repetitions; rep++) {
            for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
                for (Client client : clients) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    double perSecond = measure(client, size.getKey(), size.getValue(), rep);
                    results.computeIfAbsent(key(client, size.getKey()), (k) -> new ArrayList<>()).add(perSecond);
                    neighbours.computeIfAbsent(client.name(), (k) -> new ArrayList<>()).add(cpu.otherCores());
                }
            }
        }
        this.report.line("");
        this.report.line("### Delivery (records/s until the broker acknowledged all N; median of " + this.repetitions
                + " runs (min–max); ratio = median / ProducerPerformance median"
                + ((this.warmup > 0) ? "; after " + this.warmup + " warm-up records each, ProducerPerformance's "
                        + "steady state and the pool's from its " + this.warmup + "th acknowledgement" : "")
                + "; ProducerPerformance's payload: " + (this.ppRandomPayload
                        ? "fresh random letters per record (its default without a payload file)"
                        : "the pool's own, one array of 'x' from a payload file")
                + ")");
        this.report.line("");
        StringBuilder header = new StringBuilder("| client |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
            header.append(" ").append(size.getKey()).append(" B (N=").append(size.getValue()).append(") | ratio |");
            rule.append("---:|---:|");
        }
        header.append(" other processes, cores (median) |");
        rule.append("---:|");
        this.report.line(header.toString());
        this.report.line(rule.toString());
        for (Client client : clients) {
            StringBuilder line = new StringBuilder("| " + client.name() + " |");
            for (Integer size : counts.keySet()) {
                List<Double> values = results.get(key(client, size));
                double ceiling = Stats.median(results.get(key(clients.get(0), size)));
                line.append(" ").append(Stats.spread(values, "%.0f")).append(" | ")
                    .append(Stats.fmt("%.2f", Stats.median(values) / ceiling)).append(" |");
            }
            line.append(" ").append(Stats.fmt("%.2f", Stats.median(neighbours.get(client.name())))).append(" |");
            this.report.line(line.toString());
        }
        cpuByThread(counts, clients);
    }

    /** The pool runs' CPU by thread role, µs per record, medians: where a configuration's extra CPU goes. */
    private void cpuByThread(Map<Integer, Integer> counts, List<Client> clients) {
        this.report.line("");
        this.report.line("CPU by thread of the pool runs, µs per record (medians; first publish to last acknowledgement; "
                + "journal = its segments and fsync threads):");
        this.report.line("");
        ThreadCpu.tableHead("| size | client |", "|---:|---|", PoolDrain.ROLES).forEach(this.report::line);
        for (Map.Entry<Integer, Integer> size : counts.entrySet()) {
            for (Client client : clients) {
                List<Map<String, Long>> runs = this.threadCpu.get(key(client, size.getKey()));
                if (client.isCeiling() || runs == null) {
                    continue;
                }
                this.report.line(ThreadCpu.tableRow("| " + size.getKey() + " | " + client.name() + " |", PoolDrain.ROLES,
                        (role) -> Stats.median(runs.stream().map((r) -> (double) r.getOrDefault(role, 0L)).toList()),
                        size.getValue()));
            }
        }
    }

    private double measure(Client client, int size, int count, int rep) {
        String topic = "delivery-" + size + "-" + client.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + rep;
        this.broker.createTopic(topic, PARTITIONS);
        ChildJvm jvm = ChildJvm.current().jvmOptions(CLIENT_JVM)
            .output(this.report.directory().resolve("delivery-" + topic + ".log"));
        if (Boolean.getBoolean("bench.delivery.jfr")) {
            // Profile each client: JFR's profiling settings, one recording per run.
            jvm.jvmOptions("-XX:StartFlightRecording=settings=profile,filename="
                    + this.report.directory().resolve(topic + ".jfr"));
        }
        double perSecond;
        if (client.isCeiling()) {
            String printed = jvm.classPath(kafkaToolsClassPath())
                .mainClass("org.apache.kafka.tools.ProducerPerformance", ppArguments(topic, count, size))
                .run(RUN_TIMEOUT);
            Matcher matcher = ((this.warmup > 0) ? PP_STEADY : PP_TOTAL).matcher(printed);
            String last = null;
            while (matcher.find()) {
                last = matcher.group(2);
            }
            if (last == null) {
                throw new IllegalStateException("No total in ProducerPerformance's output:\n" + printed);
            }
            perSecond = Double.parseDouble(last);
        }
        else {
            String printed = jvm
                .jvmOptions("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dbench.drain.rotate.ms=" + client.rotateMillis(),
                        "-Dbench.drain.fsyncIntervalMs=" + client.fsyncMillis(),
                        "-Dbench.drain.warmup=" + this.warmup)
                .jvmOptions((client.queueMaxMegabytes() > 0)
                        ? List.of("-Dbench.drain.queueMaxBytes=" + (client.queueMaxMegabytes() << 20)) : List.of())
                .mainClass(PoolDrain.class.getName(), this.broker.producerProperties().toString(), topic,
                        String.valueOf(count), String.valueOf(size), String.valueOf(client.workers()),
                        String.valueOf(client.shared()), client.journal(),
                        this.report.directory().resolve("journal-" + topic).toString())
                .run(RUN_TIMEOUT);
            Matcher matcher = POOL_TOTAL.matcher(printed);
            if (!matcher.find()) {
                throw new IllegalStateException("No RESULT in the pool's output:\n" + printed);
            }
            if (!matcher.group(7).equals("0")) {
                throw new IllegalStateException("Deliveries failed:\n" + printed);
            }
            perSecond = Double.parseDouble(matcher.group(3));
            Map<String, Long> roles = new LinkedHashMap<>();
            Matcher role = CPU_ROLE.matcher(printed.substring(printed.indexOf("RESULT")));
            while (role.find()) {
                roles.put(role.group(1), Long.parseLong(role.group(2)));
            }
            this.threadCpu.computeIfAbsent(key(client, size), (k) -> new ArrayList<>()).add(roles);
            System.out.printf("delivery: rep %d, %5d B, %-28s admitted all in %s s (%s)%n", rep, size, client.name(),
                    matcher.group(5), printed.substring(printed.indexOf("RESULT")).trim());
        }
        long onBroker = this.broker.endOffsetSum(topic);
        if (onBroker != count + this.warmup) {
            throw new IllegalStateException(client.name() + " sent " + count + " records to " + topic
                    + " but the broker's end offsets add up to " + onBroker);
        }
        System.out.printf("delivery: rep %d, %5d B, %-28s %10.0f records/s (broker end offsets: %d)%n", rep, size,
                client.name(), perSecond, onBroker);
        return perSecond;
    }

    private String[] ppArguments(String topic, int count, int size) {
        List<String> arguments = new ArrayList<>(List.of("--topic", topic, "--num-records",
                String.valueOf(count + this.warmup), "--throughput", "-1",
                "--producer.config", this.broker.producerProperties().toString()));
        if (this.ppRandomPayload) {
            arguments.addAll(List.of("--record-size", String.valueOf(size)));
        }
        else {
            // the bytes the pool's driver sends: no per-record fill on either side
            arguments.addAll(List.of("--payload-file", payloadFile(size).toString()));
        }
        if (this.warmup > 0) {
            arguments.addAll(List.of("--warmup-records", String.valueOf(this.warmup)));
        }
        return arguments.toArray(String[]::new);
    }

    /** A payload file of one record: {@code size} bytes of {@code 'x'}, as {@link PoolDrain} sends. */
    private Path payloadFile(int size) {
        Path file = this.report.directory().resolve("payload-" + size + ".txt");
        try {
            Files.writeString(file, "x".repeat(size), StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    private static String key(Client client, int size) {
        return client.name() + "/" + size;
    }

    /** The class path of kafka-tools (ProducerPerformance), written by the build. */
    public static String kafkaToolsClassPath() {
        try (InputStream in = DeliveryRunner.class.getResourceAsStream("kafka-tools.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-tools.classpath is missing: build the benchmarks module "
                        + "with Maven (the dependency plugin writes it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
