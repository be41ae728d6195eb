package dev.kafkapool.benchmarks.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.benchmarks.AppProcess;
import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.SampleApp;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.benchmarks.ThreadCpu;
import dev.kafkapool.benchmarks.http.Wrk;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.FreePorts;

/**
 * Startup of the sample app's jar (extracted layout) with Kafka enabled against the benchmark
 * broker: milliseconds from launching the JVM to the first {@code /actuator/health/readiness} UP,
 * which includes the pool's fail-fast check over mTLS. Variants per JDK: no class-data sharing at
 * all, the JDK's default CDS archive, and an application archive made by one training run (JDK 17
 * AppCDS {@code -XX:ArchiveClassesAtExit}; JDK 25 {@code -XX:AOTCacheOutput}); with a jar built
 * with {@code -Paot}, Spring AOT on top, option sets to try ({@code bench.startup.tryOptions}), and
 * the container image's own steps ({@link DockerfileSteps}). Runs interleaved. With
 * {@code bench.startup.afterReady=N}, each start is followed by N seconds of HTTP load (wrk, one run
 * per second) and the records accepted in each second are reported: what a start-up option costs
 * the app's first traffic.
 *
 * <p>The actuator is polled on a management port of its own ({@code MANAGEMENT_SERVER_PORT}), as
 * the chart runs the app; {@code bench.startup.separateManagementPort=false} serves it on the API's
 * port instead.
 */
public final class StartupRunner {

    private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([\\d.]+) seconds");

    private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

    /** The app's threads by role, for the CPU each variant spends until it is ready. */
    private static final Map<String, List<String>> ROLES = roles();

    private static final String ENDED = "ended threads";

    /** Not CPU: the resident memory at readiness, in MB, reported in the same table. */
    private static final String RSS = "RSS at readiness, MB";

    /** The topic the load after readiness publishes to. */
    private static final String LOAD_TOPIC = "bench-startup";

    private static final int LOAD_CONNECTIONS = 16;

    private static final int LOAD_BODY_BYTES = 1024;

    private final BenchmarkBroker broker;

    private final Report report;

    private final int repetitions = Integer.getInteger("bench.startup.reps", 5);

    private final boolean separateManagementPort = Boolean
        .parseBoolean(System.getProperty("bench.startup.separateManagementPort", "true"));

    private final List<String> only = options(System.getProperty("bench.startup.only", ""), "\\|");

    /** Seconds of HTTP load after each start's readiness, one wrk run per second; 0: none. */
    private final int afterReadySeconds = Integer.getInteger("bench.startup.afterReady", 0);

    public StartupRunner(BenchmarkBroker broker, Report report) {
        this.broker = broker;
        this.report = report;
    }

    /** A JVM to start, given the log it writes to. */
    @FunctionalInterface
    interface Launch {

        ChildJvm jvm(Path log);

    }

    record Variant(String name, Launch launch) {
    }

    /** The sample app built with {@code -Paot} ({@code bench.startup.springAotJar}), or {@code null}. */
    private static Path springAotJar() {
        String jar = System.getProperty("bench.startup.springAotJar");
        return (jar != null) ? Path.of(jar) : null;
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
        if (this.afterReadySeconds > 0) {
            this.broker.createTopic(LOAD_TOPIC, 4);
        }
        Path jdk17 = Path.of(System.getProperty("bench.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        Path jdk25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        boolean has17 = Files.exists(jdk17.resolve("bin/java"));
        boolean has25 = Files.exists(jdk25.resolve("bin/java"));
        List<Variant> variants = new ArrayList<>();
        if (has17) {
            add(variants, "JDK 17, default CDS", app, jdk17, List.of(), Map.of());
            add(variants, "JDK 17, -Xshare:off", app, jdk17, List.of("-Xshare:off"), Map.of());
            addTrained(variants, "JDK 17, AppCDS", app, jdk17, directory.resolve("app-jdk17.jsa"),
                    "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of());
        }
        if (has25) {
            add(variants, "JDK 25, -Xshare:off", app, jdk25, List.of("-Xshare:off"), Map.of());
            add(variants, "JDK 25, default CDS", app, jdk25, List.of(), Map.of());
            addTrained(variants, "JDK 25, AOT cache", app, jdk25, directory.resolve("app-jdk25.aot"),
                    "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of());
        }
        Path springAotJar = springAotJar();
        SampleApp springAot = (springAotJar != null && has25)
                ? SampleApp.extract(springAotJar, directory.resolve("spring-aot")) : null;
        if (springAot != null) {
            List<String> optionSets = new ArrayList<>(List.of(""));
            optionSets.addAll(options(System.getProperty("bench.startup.tryOptions", ""), "\\|"));
            for (int set = 0; set < optionSets.size(); set++) {
                List<String> tried = options(optionSets.get(set), " ");
                List<String> options = new ArrayList<>(List.of(SPRING_AOT));
                options.addAll(tried);
                addTrained(variants, "JDK 25, AOT cache, Spring AOT" + (tried.isEmpty() ? "" : ", " + String.join(" ", tried)),
                        springAot, jdk25, directory.resolve("spring-aot").resolve("app-jdk25-" + set + ".aot"),
                        "-XX:AOTCacheOutput=", "-XX:AOTCache=", options);
            }
            if (included("image")) {
                variants.addAll(image(springAotJar, jdk25, directory.resolve("image"), optionSets));
            }
        }
        if (has17) {
            add(variants, "JDK 17, default CDS, KAFKA_ENABLED=false (context)", app, jdk17, List.of(),
                    Map.of("KAFKA_ENABLED", "false"));
        }
        measureAll(variants, directory);
    }

    private void measureAll(List<Variant> variants, Path directory) {
        Map<String, List<Double>> ready = new LinkedHashMap<>();
        Map<String, List<Double>> started = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> cpu = new LinkedHashMap<>();
        Map<String, List<List<Double>>> load = new LinkedHashMap<>();
        for (int rep = 0; rep < this.repetitions; rep++) {
            for (Variant variant : variants) {
                Start result = measure(variant, directory);
                ready.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(result.readyMillis());
                started.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(result.startedMillis());
                Map<String, List<Double>> byRole = cpu.computeIfAbsent(variant.name(), (k) -> new LinkedHashMap<>());
                result.atReadiness().forEach((role, millis) -> byRole.computeIfAbsent(role, (k) -> new ArrayList<>()).add(millis));
                load.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(result.afterReady());
                System.out.printf("startup: %-50s ready after %6.0f ms (Spring: started in %4.0f ms), at readiness %s (ms of CPU, MB)%n",
                        variant.name(), result.readyMillis(), result.startedMillis(), result.atReadiness()
                            .entrySet()
                            .stream()
                            .map((role) -> role.getKey() + "=" + Stats.fmt("%.0f", role.getValue()))
                            .toList());
                if (!result.afterReady().isEmpty()) {
                    System.out.printf("startup: %-50s records accepted per second after readiness %s%n", variant.name(),
                            result.afterReady().stream().map((count) -> Stats.fmt("%.0f", count)).toList());
                }
            }
        }
        Double baseline = ready.containsKey("JDK 17, default CDS") ? Stats.median(ready.get("JDK 17, default CDS")) : null;
        this.report.line("Actuator on " + (this.separateManagementPort ? "a management port of its own" : "the API's port")
                + "; ratio = median against the median of JDK 17, default CDS.");
        this.report.line("");
        this.report.line("| JVM | launch → readiness UP, ms | ratio | Spring's \"Started … in\", ms |");
        this.report.line("|---|---:|---:|---:|");
        for (Variant variant : variants) {
            double median = Stats.median(ready.get(variant.name()));
            this.report.line("| " + variant.name() + " | " + Stats.spread(ready.get(variant.name()), "%.0f") + " | "
                    + ((baseline != null) ? Stats.fmt("%.2f", median / baseline) : "–") + " | "
                    + Stats.spread(started.get(variant.name()), "%.0f") + " |");
        }
        this.report.line("");
        this.report.line("CPU until readiness UP by thread role, ms, median of the runs (read from /proc when the app "
                + "answered UP; \"" + ENDED + "\": the process's CPU minus its live threads', e.g. the fail-fast check's "
                + "thread; roles: " + ROLES + "), and the resident memory then:");
        this.report.line("");
        List<String> columns = new ArrayList<>(cpu.values().iterator().next().keySet());
        this.report.line("| JVM | " + String.join(" | ", columns) + " |");
        this.report.line("|---|" + "---:|".repeat(columns.size()));
        for (Variant variant : variants) {
            StringBuilder row = new StringBuilder("| " + variant.name() + " |");
            for (String column : columns) {
                row.append(' ').append(Stats.fmt("%.0f", Stats.median(cpu.get(variant.name()).get(column)))).append(" |");
            }
            this.report.line(row.toString());
        }
        if (this.afterReadySeconds > 0) {
            reportLoad(variants, load);
        }
    }

    /** Per variant, the median over the runs of the records accepted in each second after readiness. */
    private void reportLoad(List<Variant> variants, Map<String, List<List<Double>>> load) {
        this.report.line("");
        this.report.line("Records accepted (2xx) in each second after readiness, median of the runs: wrk, "
                + LOAD_CONNECTIONS + " connections, one " + LOAD_BODY_BYTES + " B record per request to topic "
                + LOAD_TOPIC + " (4 partitions), honouring Retry-After, one 1 s run per second:");
        this.report.line("");
        StringBuilder head = new StringBuilder("| JVM |");
        for (int second = 1; second <= this.afterReadySeconds; second++) {
            head.append(' ').append(second).append(" s |");
        }
        this.report.line(head + " all |");
        this.report.line("|---|" + "---:|".repeat(this.afterReadySeconds + 1));
        for (Variant variant : variants) {
            List<List<Double>> runs = load.get(variant.name());
            StringBuilder row = new StringBuilder("| " + variant.name() + " |");
            for (int second = 0; second < this.afterReadySeconds; second++) {
                int index = second;
                row.append(' ').append(Stats.fmt("%.0f", Stats.median(runs.stream().map((run) -> run.get(index)).toList())))
                    .append(" |");
            }
            List<Double> totals = runs.stream().map((run) -> run.stream().mapToDouble(Double::doubleValue).sum()).toList();
            this.report.line(row + " " + Stats.spread(totals, "%.0f") + " |");
        }
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status} in MB; NaN without {@code /proc}. */
    private static double residentMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // no /proc
        }
        return Double.NaN;
    }

    private static Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("main", List.of("java"));
        roles.put("C1", List.of("C1 CompilerThre"));
        roles.put("C2", List.of("C2 CompilerThre"));
        roles.put("gc", ThreadCpu.GC_THREADS);
        // the sample's listener container threads are "order-created-listener-0-C-1", cut to 15 characters
        roles.put("kafka clients", List.of("kafka-", "order-created-l"));
        roles.put("tomcat", List.of("http-nio", "Catalina", "container"));
        roles.put("other", List.of());
        return roles;
    }

    private boolean included(String name) {
        return this.only.isEmpty() || this.only.stream().anyMatch(name::startsWith);
    }

    private void add(List<Variant> variants, String name, SampleApp app, Path javaHome, List<String> options,
            Map<String, String> env) {
        if (included(name)) {
            variants.add(new Variant(name, (log) -> app.jvm(javaHome, this.broker, 0, log, options.toArray(String[]::new))
                .env(env)));
        }
    }

    /** A variant whose archive comes from one training run with the same options ({@code write} + file). */
    private void addTrained(List<Variant> variants, String name, SampleApp app, Path javaHome, Path archive,
            String write, String use, List<String> options) {
        if (!included(name)) {
            return;
        }
        List<String> training = new ArrayList<>(options);
        training.add(0, write + archive);
        train(app, javaHome, archive.getParent(), training.toArray(String[]::new));
        if (Files.exists(archive)) {
            List<String> running = new ArrayList<>(options);
            running.add(0, use + archive);
            add(variants, name, app, javaHome, running, Map.of());
        }
    }

    /**
     * The container image's steps, outside Docker: extract the jar into layers and merge them, train
     * the AOT cache with the Dockerfile's own command (the training kit's {@code AotTraining}, which
     * starts a broker of its own, as in a build), then start with the {@code ENTRYPOINT} and the
     * image's {@code JAVA_TOOL_OPTIONS}.
     */
    private List<Variant> image(Path jar, Path javaHome, Path build, List<String> optionSets) {
        Path dockerfile = Path.of(System.getProperty("bench.startup.dockerfile",
                Path.of("..", "sample-app", "Dockerfile").toAbsolutePath().normalize().toString()));
        DockerfileSteps steps = DockerfileSteps.read(dockerfile);
        Path appDirectory = build.resolve("app");
        Path log = build.resolve("build.log");
        try {
            deleteTree(build);
            Files.createDirectories(build);
            Files.copy(jar, build.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
            runIn(build, javaHome, Map.of(), steps.extraction(), log);
            DockerfileSteps.mergeLayers(build.resolve("extracted"), appDirectory);
            Path kit = Path.of(System.getProperty("bench.startup.trainingKit",
                    dockerfile.toAbsolutePath().getParent().resolve("target").resolve("training").toString()));
            if (!Files.isDirectory(kit)) {
                throw new IllegalStateException("No training kit at " + kit + ": build the sample app with -Paot "
                        + "(it writes target/training), or point bench.startup.trainingKit at a copy");
            }
            DockerfileSteps.Command training = steps.training(appDirectory, kit);
            Map<String, String> trainingEnv = new LinkedHashMap<>(training.environment());
            trainingEnv.put("JAVA_TOOL_OPTIONS", steps.javaToolOptions());
            runIn(appDirectory, javaHome, trainingEnv, training.arguments(), log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> entrypoint = steps.entrypoint(appDirectory);
        int jarIndex = entrypoint.indexOf("-jar");
        System.out.printf("startup: image variant: JAVA_TOOL_OPTIONS=\"%s\" java %s%n", steps.javaToolOptions(),
                String.join(" ", entrypoint));
        // Each option set is added to JAVA_TOOL_OPTIONS, as the chart's javaToolOptions would add it.
        return optionSets.stream()
            .map((added) -> new Variant("image: Dockerfile steps" + (added.isEmpty() ? "" : ", JAVA_TOOL_OPTIONS + " + added),
                    (runLog) -> ChildJvm.of(javaHome)
                        .jvmOptions(entrypoint.subList(0, jarIndex))
                        .jar(Path.of(entrypoint.get(jarIndex + 1)))
                        .env(KafkaPoolSettings.of(this.broker.cluster()).environment())
                        .env("JAVA_TOOL_OPTIONS", (steps.javaToolOptions() + " " + added).strip())
                        .output(runLog)))
            .toList();
    }

    /** Runs {@code java arguments} in {@code directory} to completion, as a RUN step does; output to {@code log}. */
    private static void runIn(Path directory, Path javaHome, Map<String, String> env, List<String> arguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Image step failed (" + command + "), see " + log);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Removes {@code directory} and all below it: each image build starts empty, as a Docker build does. */
    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static List<String> options(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::strip).filter((word) -> !word.isEmpty()).toList();
    }

    /** The API's port when the actuator, polled for readiness, is on {@code port}. */
    private int apiPort(int port) {
        return this.separateManagementPort ? FreePorts.next() : port;
    }

    /** Points the app's actuator at {@code port} and its API at {@code apiPort} (the same port or another). */
    private ChildJvm ports(ChildJvm jvm, int port, int apiPort) {
        if (apiPort == port) {
            return jvm.env("SERVER_PORT", String.valueOf(port));
        }
        return jvm.env("SERVER_PORT", String.valueOf(apiPort)).env("MANAGEMENT_SERVER_PORT", String.valueOf(port));
    }

    /** One training run: start, wait until ready, stop gracefully; the JVM writes the archive as it exits. */
    private void train(SampleApp app, Path javaHome, Path directory, String... options) {
        int port = FreePorts.next();
        // the fail-fast check gets as long as the run waits (its 10 s default ran out on a loaded machine); the measured
        // starts keep the default, as users do
        ChildJvm jvm = ports(app.jvm(javaHome, this.broker, port, directory.resolve("training.log"), options), port,
                apiPort(port)).env(SettingNames.STARTUP_TIMEOUT, "120s");
        try (AppProcess process = new AppProcess(jvm, port)) {
            double millis = process.awaitReady(120);
            System.out.printf("startup: training run %s ready after %.0f ms%n", String.join(" ", options), millis);
        }
    }

    /**
     * One start: to readiness, Spring's own "Started … in", the CPU until readiness by role, the
     * resident memory then, and the records accepted in each second of load after readiness.
     */
    record Start(double readyMillis, double startedMillis, Map<String, Double> atReadiness, List<Double> afterReady) {
    }

    private Start measure(Variant variant, Path directory) {
        int port = FreePorts.next();
        int apiPort = apiPort(port);
        Path log = directory.resolve("app-" + variant.name().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        long offset = size(log);
        ChildJvm jvm = ports(variant.launch().jvm(log), port, apiPort);
        double readyMillis;
        Map<String, Double> atReadiness = new LinkedHashMap<>();
        List<Double> afterReady;
        try (AppProcess process = new AppProcess(jvm, port)) {
            readyMillis = process.awaitReady(120);
            Map<String, Long> byRole = ThreadCpu.of(process.pid(), ROLES).byRole();
            long total = ThreadCpu.processNanos(process.pid());
            long live = byRole.values().stream().mapToLong(Long::longValue).sum();
            byRole.forEach((role, nanos) -> atReadiness.put(role, nanos / 1e6));
            atReadiness.put(ENDED, Math.max(0, total - live) / 1e6);
            atReadiness.put("process", total / 1e6);
            atReadiness.put(RSS, residentMegabytes(process.pid()));
            afterReady = loadAfterReadiness(apiPort, directory);
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
        return new Start(readyMillis, startedMillis, atReadiness, afterReady);
    }

    /**
     * The app's first {@link #afterReadySeconds} seconds of work once ready, as a pod's first
     * traffic: wrk POSTs one {@value #LOAD_BODY_BYTES} B record per request over
     * {@value #LOAD_CONNECTIONS} connections, one run per second; the records accepted (2xx) in each.
     */
    private List<Double> loadAfterReadiness(int apiPort, Path directory) {
        if (this.afterReadySeconds <= 0) {
            return List.of();
        }
        Path script = Wrk.script(directory, LOAD_BODY_BYTES, true);
        String url = "http://127.0.0.1:" + apiPort + "/api/v1/topics/" + LOAD_TOPIC + "/records";
        List<Double> accepted = new ArrayList<>();
        for (int second = 0; second < this.afterReadySeconds; second++) {
            Wrk.Result result = Wrk.run(script, url, LOAD_CONNECTIONS, 1, "2s", directory.resolve("wrk.log"));
            if (result.ok() == 0) {
                throw new IllegalStateException("No request was accepted in second " + (second + 1)
                        + " after readiness: " + result.statuses() + ", " + result.errors() + " (see wrk.log)");
            }
            if (result.serverErrors() + result.other() > 0) {
                System.out.printf("startup: second %d after readiness: %s, %s%n", second + 1, result.statuses(),
                        result.errors());
            }
            accepted.add((double) result.ok());
        }
        return accepted;
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
