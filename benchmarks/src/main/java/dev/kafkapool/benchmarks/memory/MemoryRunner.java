package dev.kafkapool.benchmarks.memory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.testsupport.process.ChildJvm;

/**
 * Heap per 1,000,000 queued messages of 100 B and 1 KiB, drain paused; three fresh JVMs each, on
 * JDK 17 and, where installed, on JDK 25 with compact object headers as a point of comparison.
 */
public final class MemoryRunner {

    private static final Pattern RESULT = Pattern.compile("RESULT size=(\\d+) count=(\\d+) queued=(\\d+) "
            + "bytesPerMessage=([\\d.]+) overhead=([\\d.-]+)");

    private final Report report;

    private final int count = Integer.getInteger("bench.memory.count", 1_000_000);

    private final int repetitions = Integer.getInteger("bench.memory.reps", 3);

    public MemoryRunner(Report report) {
        this.report = report;
    }

    record Jvm(String name, Path home, List<String> options) {
    }

    public void run() {
        List<Jvm> jvms = new ArrayList<>();
        jvms.add(new Jvm("JDK " + Runtime.version().feature() + ", G1", Path.of(System.getProperty("java.home")),
                List.of()));
        Path jdk25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        if (jdk25.resolve("bin/java").toFile().exists()) {
            jvms.add(new Jvm("JDK 25, G1, -XX:+UseCompactObjectHeaders", jdk25,
                    List.of("-XX:+UseCompactObjectHeaders")));
        }
        Map<String, List<Double>> perMessage = new LinkedHashMap<>();
        Map<String, String> histograms = new LinkedHashMap<>();
        for (Jvm jvm : jvms) {
            for (int size : List.of(100, 1024)) {
                for (int rep = 0; rep < this.repetitions; rep++) {
                    String printed = ChildJvm.of(jvm.home())
                        .jvmOptions("-Xms3g", "-Xmx3g", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                        .jvmOptions(jvm.options())
                        .output(this.report.directory().resolve("memory.log"))
                        .mainClass(QueueMemory.class.getName(), String.valueOf(this.count), String.valueOf(size))
                        .run(Duration.ofSeconds(300));
                    Matcher matcher = RESULT.matcher(printed);
                    if (!matcher.find()) {
                        throw new IllegalStateException("No RESULT:\n" + printed);
                    }
                    String key = jvm.name() + "|" + size;
                    perMessage.computeIfAbsent(key, (k) -> new ArrayList<>()).add(Double.parseDouble(matcher.group(4)));
                    StringBuilder histogram = new StringBuilder();
                    printed.lines().filter((line) -> line.startsWith("HISTO")).forEach(
                            (line) -> histogram.append("    ").append(line.substring(6)).append('\n'));
                    histograms.put(key, histogram.toString());
                    System.out.println("memory: " + jvm.name() + " " + size + " B: " + matcher.group(4) + " B/message");
                }
            }
        }
        this.report.line("");
        this.report.line("### Memory (heap after full GC per queued message, " + this.count
                + " messages, drain paused; median of " + this.repetitions + " JVMs)");
        this.report.line("");
        this.report.line("| JVM | value | heap per message | overhead beyond the value | per 1,000,000 |");
        this.report.line("|---|---:|---:|---:|---:|");
        perMessage.forEach((key, values) -> {
            String[] parts = key.split("\\|");
            int size = Integer.parseInt(parts[1]);
            double median = Stats.median(values);
            this.report.line("| " + parts[0] + " | " + size + " B | " + Stats.fmt("%.1f B", median) + " | "
                    + Stats.fmt("%.1f B", median - size) + " | " + Stats.fmt("%.1f MiB", median * 1_000_000 / 1048576)
                    + " |");
        });
        this.report.line("");
        this.report.line("Class histograms (top entries, last run of each):");
        this.report.line("");
        histograms.forEach((key, histogram) -> {
            this.report.line("- " + key.replace("|", ", ") + " B:");
            this.report.line("");
            this.report.line(histogram);
        });
    }

}
