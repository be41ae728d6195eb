package dev.kafkapool.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kafkapool.benchmarks.admission.AdmissionRunner;
import dev.kafkapool.benchmarks.burst.BurstRunner;
import dev.kafkapool.benchmarks.delivery.DeliveryRunner;
import dev.kafkapool.benchmarks.http.HttpRunner;
import dev.kafkapool.benchmarks.journal.ReplayRunner;
import dev.kafkapool.benchmarks.journal.WritebackRunner;
import dev.kafkapool.benchmarks.memory.MemoryRunner;
import dev.kafkapool.benchmarks.startup.StartupRunner;

/**
 * Entry point of {@code -Pbenchmarks}: starts one mTLS broker and runs the chosen parts against it,
 * appending their tables to {@code results.md} in the output directory.
 *
 * <p>Arguments: {@code --parts=memory,replay,writeback,admission,delivery,burst,startup,http} (or {@code all}),
 * {@code --out=DIR}, {@code --set=name=value,...}. Finer knobs are system properties named
 * {@code bench.*} (or {@code --set}), listed in BENCHMARKS.md.
 */
public final class BenchmarkSuite {

    static final List<String> ALL = List.of("memory", "replay", "writeback", "admission", "delivery", "burst", "startup",
            "http");

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Set<String> parts = new LinkedHashSet<>(ALL);
        Path out = Path.of("target", "benchmark-results");
        for (String arg : args) {
            if (arg.startsWith("--parts=") && !arg.equals("--parts=all")) {
                parts = new LinkedHashSet<>(List.of(arg.substring("--parts=".length()).split(",")));
                parts.removeIf((part) -> !ALL.contains(part) && !warnUnknown(part));
            }
            else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            }
            else if (arg.startsWith("--set=")) {
                // -Dbench.set=bench.admission.forks=5,bench.delivery.reps=5 through Maven
                // a value may be a list: "bench.admission.threads=1,8,bench.delivery.reps=5"
                for (String setting : arg.substring("--set=".length()).split(",(?=bench\\.)")) {
                    int equals = setting.indexOf('=');
                    if (equals > 0) {
                        System.setProperty(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                    }
                }
            }
        }
        Report report = new Report(out.toAbsolutePath());
        Instant started = Instant.now();
        report.line("");
        report.line("## Run of " + started + " — parts " + parts + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        // the knobs the run took, so that a table can be matched with the command that made it
        String knobs = System.getProperties().stringPropertyNames().stream()
            .filter((name) -> name.startsWith("bench.") && !name.equals("bench.set"))
            .sorted()
            .map((name) -> name + "=" + System.getProperty(name))
            .collect(java.util.stream.Collectors.joining(", "));
        report.line("");
        report.line("Settings: " + (knobs.isEmpty() ? "the defaults" : knobs) + ".");
        if (parts.contains("memory")) {
            CpuNeighbours cpu = CpuNeighbours.start();
            new MemoryRunner(report).run();
            report.line("");
            report.line(cpu.summary());
        }
        parts.remove("memory");
        if (parts.contains("replay")) {
            CpuNeighbours cpu = CpuNeighbours.start();
            new ReplayRunner(report).run();
            report.line("");
            report.line(cpu.summary());
        }
        parts.remove("replay");
        if (parts.contains("writeback")) {
            CpuNeighbours cpu = CpuNeighbours.start();
            new WritebackRunner(report).run();
            report.line("");
            report.line(cpu.summary());
        }
        parts.remove("writeback");
        if (!parts.isEmpty()) {
            try (BenchmarkBroker broker = BenchmarkBroker.start(out.toAbsolutePath())) {
                if (parts.contains("admission")) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    new AdmissionRunner(broker, report).run();
                    report.line("");
                    report.line(cpu.summary());
                }
                if (parts.contains("delivery")) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    new DeliveryRunner(broker, report).run();
                    report.line("");
                    report.line(cpu.summary());
                }
                if (parts.contains("burst")) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    new BurstRunner(broker, report).run();
                    report.line("");
                    report.line(cpu.summary());
                }
                if (parts.contains("startup")) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    new StartupRunner(broker, report).run();
                    report.line("");
                    report.line(cpu.summary());
                }
                if (parts.contains("http")) {
                    CpuNeighbours cpu = CpuNeighbours.start();
                    new HttpRunner(broker, report).run();
                    report.line("");
                    report.line(cpu.summary());
                }
            }
        }
        report.line("");
        report.line("(run took " + Duration.between(started, Instant.now()).toSeconds() + " s)");
        System.exit(0);
    }

    private static boolean warnUnknown(String part) {
        System.err.println("Unknown part '" + part + "'; known: " + ALL);
        return false;
    }

}
