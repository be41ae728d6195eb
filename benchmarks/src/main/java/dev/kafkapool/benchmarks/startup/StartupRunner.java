package dev.kafkapool.benchmarks.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkapool.benchmarks.AppProcess;
import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.SampleApp;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.FreePorts;

/**
 * Startup of the sample app's jar (extracted layout) with Kafka enabled against the benchmark
 * broker: milliseconds from launching the JVM to the first {@code /actuator/health/readiness} UP,
 * which includes the pool's fail-fast check over mTLS. Variants per JDK: no class-data sharing at
 * all, the JDK's default CDS archive, and an application archive made by one training run (JDK 17
 * AppCDS {@code -XX:ArchiveClassesAtExit}; JDK 25 {@code -XX:AOTCacheOutput}). Runs interleaved.
 */
public final class StartupRunner {

    private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([\\d.]+) seconds");

    private final BenchmarkBroker broker;

    private final Report report;

    private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

    private final int repetitions = Integer.getInteger("bench.startup.reps", 5);

    public StartupRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    record Variant(String name, SampleApp app, Path javaHome, List<String> options, Map<String, String> env) {
    }

    /** The sample app built with {@code -Paot} ({@code bench.startup.springAotJar}), or {@code null}. */
    private static SampleApp springAotApp(Path directory) {
        String jar = System.getProperty("bench.startup.springAotJar");
        return (jar != null) ? SampleApp.extract(Path.of(jar), directory.resolve("spring-aot")) : null;
    }

    public void run() {
        Path jar = SampleApp.defaultJar();
        Path directory = this.report.directory().resolve("startup");
        SampleApp app = SampleApp.extract(jar, directory);
        this.report.line("");
        this.report.line("### Startup (sample app jar, extracted; JVM launch to readiness UP, Kafka enabled, mTLS "
                + "broker on loopback; median of " + this.repetitions + " runs (min–max))");
        this.report.line("");
        if (app == null) {
            this.report.line("Skipped: no sample app jar at " + jar + " (build it with ./mvnw -pl sample-app -am package)");
            return;
        }
        this.broker.createTopic("orders", 1);
        Path jdk17 = Path.of(System.getProperty("bench.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        Path jdk25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path jsa = directory.resolve("app-jdk17.jsa");
        Path aot = directory.resolve("app-jdk25.aot");
        List<Variant> variants = new ArrayList<>();
        if (Files.exists(jdk17.resolve("bin/java"))) {
            variants.add(new Variant("JDK 17, -Xshare:off", app, jdk17, List.of("-Xshare:off"), Map.of()));
            variants.add(new Variant("JDK 17, default CDS", app, jdk17, List.of(), Map.of()));
            train(app, jdk17, directory, "-XX:ArchiveClassesAtExit=" + jsa);
            if (Files.exists(jsa)) {
                variants.add(new Variant("JDK 17, AppCDS", app, jdk17, List.of("-XX:SharedArchiveFile=" + jsa), Map.of()));
            }
        }
        if (Files.exists(jdk25.resolve("bin/java"))) {
            variants.add(new Variant("JDK 25, -Xshare:off", app, jdk25, List.of("-Xshare:off"), Map.of()));
            variants.add(new Variant("JDK 25, default CDS", app, jdk25, List.of(), Map.of()));
            train(app, jdk25, directory, "-XX:AOTCacheOutput=" + aot);
            if (Files.exists(aot)) {
                variants.add(new Variant("JDK 25, AOT cache", app, jdk25, List.of("-XX:AOTCache=" + aot), Map.of()));
            }
        }
        SampleApp springAot = springAotApp(directory);
        if (springAot != null && Files.exists(jdk25.resolve("bin/java"))) {
            Path springAotCache = directory.resolve("spring-aot").resolve("app-jdk25.aot");
            train(springAot, jdk25, directory, "-XX:AOTCacheOutput=" + springAotCache, SPRING_AOT);
            if (Files.exists(springAotCache)) {
                variants.add(new Variant("JDK 25, AOT cache, Spring AOT", springAot, jdk25,
                        List.of("-XX:AOTCache=" + springAotCache, SPRING_AOT), Map.of()));
            }
        }
        if (Files.exists(jdk17.resolve("bin/java"))) {
            variants.add(new Variant("JDK 17, default CDS, KAFKA_ENABLED=false (context)", app, jdk17, List.of(),
                    Map.of("KAFKA_ENABLED", "false")));
        }
        Map<String, List<Double>> ready = new LinkedHashMap<>();
        Map<String, List<Double>> started = new LinkedHashMap<>();
        for (int rep = 0; rep < this.repetitions; rep++) {
            for (Variant variant : variants) {
                double[] result = measure(variant, directory);
                ready.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(result[0]);
                started.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(result[1]);
                System.out.printf("startup: %-50s ready after %6.0f ms (Spring: started in %4.0f ms)%n", variant.name(),
                        result[0], result[1]);
            }
        }
        this.report.line("| JVM | launch → readiness UP, ms | Spring's \"Started … in\", ms |");
        this.report.line("|---|---:|---:|");
        for (Variant variant : variants) {
            this.report.line("| " + variant.name() + " | " + Stats.spread(ready.get(variant.name()), "%.0f") + " | "
                    + Stats.spread(started.get(variant.name()), "%.0f") + " |");
        }
    }

    /** One training run: start, wait until ready, stop gracefully; the JVM writes the archive as it exits. */
    private void train(SampleApp app, Path javaHome, Path directory, String... options) {
        int port = FreePorts.next();
        ChildJvm jvm = app.jvm(javaHome, this.broker, port, directory.resolve("training.log"), options);
        try (AppProcess process = new AppProcess(jvm, port)) {
            double millis = process.awaitReady(120);
            System.out.printf("startup: training run %s ready after %.0f ms%n", String.join(" ", options), millis);
        }
    }

    private double[] measure(Variant variant, Path directory) {
        int port = FreePorts.next();
        Path log = directory.resolve("app-" + variant.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        long offset = size(log);
        ChildJvm jvm = variant.app().jvm(variant.javaHome(), this.broker, port, log,
                variant.options().toArray(String[]::new));
        variant.env().forEach(jvm::env);
        double readyMillis;
        try (AppProcess process = new AppProcess(jvm, port)) {
            readyMillis = process.awaitReady(120);
        }
        double startedMillis = Double.NaN;
        try {
            byte[] all = Files.readAllBytes(log);
            Matcher matcher = STARTED.matcher(new String(all, (int) offset, all.length - (int) offset));
            if (matcher.find()) {
                startedMillis = Double.parseDouble(matcher.group(1)) * 1000;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new double[] { readyMillis, startedMillis };
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
