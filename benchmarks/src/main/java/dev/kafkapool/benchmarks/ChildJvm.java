package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the harness: each measured client (the pool, ProducerPerformance, the sample app)
 * runs in a fresh JVM of its own with the same options, so none inherits another's warm JIT or heap.
 */
public final class ChildJvm {

    private final List<String> command = new ArrayList<>();

    private final Map<String, String> environment = new LinkedHashMap<>();

    private Path output;

    private ChildJvm(Path javaHome) {
        this.command.add(javaHome.resolve("bin").resolve("java").toString());
    }

    /** A JVM of the same Java installation as the harness. */
    public static ChildJvm current() {
        return of(Path.of(System.getProperty("java.home")));
    }

    /** A JVM of the Java installation at {@code javaHome}. */
    public static ChildJvm of(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    public ChildJvm args(String... args) {
        this.command.addAll(List.of(args));
        return this;
    }

    public ChildJvm args(List<String> args) {
        this.command.addAll(args);
        return this;
    }

    /** Runs {@code mainClass} with the harness's own class path. */
    public ChildJvm main(String mainClass, String... args) {
        return classPath(System.getProperty("java.class.path")).args(mainClass).args(args);
    }

    public ChildJvm classPath(String classPath) {
        return args("-cp", classPath);
    }

    public ChildJvm env(String name, String value) {
        this.environment.put(name, value);
        return this;
    }

    /** Where stdout and stderr go (appended); inherited otherwise. */
    public ChildJvm output(Path output) {
        this.output = output;
        return this;
    }

    public List<String> command() {
        return List.copyOf(this.command);
    }

    public Process start() {
        ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true);
        builder.environment().putAll(this.environment);
        if (this.output != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.output.toFile()));
        }
        else {
            builder.inheritIO();
        }
        try {
            return builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + this.command, ex);
        }
    }

    /** Runs to completion and returns everything it printed; fails on a non-zero exit. */
    public String run(long timeoutSeconds) {
        try {
            Path log = (this.output != null) ? this.output : Files.createTempFile("child-jvm-", ".log");
            long offset = Files.exists(log) ? Files.size(log) : 0;
            this.output = log;
            Process process = start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeoutSeconds + " s: " + this.command);
            }
            byte[] all = Files.readAllBytes(log);
            String printed = new String(all, (int) offset, all.length - (int) offset);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Exit " + process.exitValue() + " of " + this.command + ":\n" + printed);
            }
            return printed;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
