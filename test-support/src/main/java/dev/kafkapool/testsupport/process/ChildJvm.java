package dev.kafkapool.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM to start as a child process: the {@code java} of a Java installation, JVM options, then a
 * main class on a class path or an executable jar, with its arguments, extra environment
 * variables and a file that receives its standard output and error (appended, so a restarted
 * process keeps one log). {@link #start()} returns the running {@link ChildProcess};
 * {@link #run(Duration)} runs it to completion.
 */
public final class ChildJvm {

    private final Path javaHome;

    private final List<String> jvmOptions = new ArrayList<>();

    private final List<String> target = new ArrayList<>();

    private final Map<String, String> environment = new LinkedHashMap<>();

    private String classPath = System.getProperty("java.class.path");

    private boolean jar;

    private Path output;

    private ChildJvm(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** A JVM of the Java installation this JVM runs on ({@code java.home}). */
    public static ChildJvm current() {
        return of(Path.of(System.getProperty("java.home")));
    }

    /** A JVM of the Java installation at {@code javaHome}. */
    public static ChildJvm of(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    /** Adds JVM options ({@code -Xmx256m}, {@code -Dname=value}, ...), placed before the class path or jar. */
    public ChildJvm jvmOptions(String... options) {
        return jvmOptions(List.of(options));
    }

    /** Adds JVM options, placed before the class path or jar. */
    public ChildJvm jvmOptions(List<String> options) {
        this.jvmOptions.addAll(options);
        return this;
    }

    /**
     * The class path of {@link #mainClass}; the class path of this JVM ({@code java.class.path})
     * by default.
     */
    public ChildJvm classPath(String classPath) {
        this.classPath = classPath;
        return this;
    }

    /** Runs {@code mainClass} with {@code args} on the {@link #classPath(String) class path}. */
    public ChildJvm mainClass(String mainClass, String... args) {
        return launch(false, List.of(mainClass), args);
    }

    /** Runs the executable {@code jar} with {@code args}. */
    public ChildJvm jar(Path jar, String... args) {
        return launch(true, List.of("-jar", jar.toString()), args);
    }

    /** Sets an environment variable of the child, on top of this JVM's environment. */
    public ChildJvm env(String name, String value) {
        this.environment.put(name, value);
        return this;
    }

    /** Sets environment variables of the child, on top of this JVM's environment. */
    public ChildJvm env(Map<String, String> variables) {
        this.environment.putAll(variables);
        return this;
    }

    /**
     * Leaves an environment variable of this JVM out of the child's environment, e.g. the
     * {@code JAVA_TOOL_OPTIONS} meant for another JVM; a later {@link #env} sets it again.
     */
    public ChildJvm withoutEnv(String... names) {
        for (String name : names) {
            this.environment.put(name, null);
        }
        return this;
    }

    /** The file that receives standard output and error, appended; a new temporary file by default. */
    public ChildJvm output(Path file) {
        this.output = file;
        return this;
    }

    /** The command line {@link #start()} runs. */
    public List<String> command() {
        if (this.target.isEmpty()) {
            throw new IllegalStateException("Name a main class or a jar to run");
        }
        List<String> command = new ArrayList<>();
        command.add(this.javaHome.resolve("bin").resolve("java").toString());
        command.addAll(this.jvmOptions);
        if (!this.jar) {
            command.add("-cp");
            command.add(this.classPath);
        }
        command.addAll(this.target);
        return command;
    }

    /** Starts the JVM and returns at once. */
    public ChildProcess start() {
        List<String> command = command();
        Path log = outputFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        this.environment.forEach((name, value) -> {
            if (value != null) {
                builder.environment().put(name, value);
            }
            else {
                builder.environment().remove(name);
            }
        });
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            long launched = System.nanoTime();
            return new ChildProcess(builder.start(), launched, command, log, offset);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command, ex);
        }
    }

    /**
     * Runs the JVM to completion and returns what it printed.
     * @throws IllegalStateException when it exits with a non-zero code or runs longer than
     * {@code timeout} (it is killed then), with its output in the message
     */
    public String run(Duration timeout) {
        try (ChildProcess process = start()) {
            if (!process.awaitExit(timeout)) {
                throw new IllegalStateException("Still running after " + timeout + ", killed: " + process.command()
                        + "\n" + process.output());
            }
            String printed = process.output();
            if (process.exitCode() != 0) {
                throw new IllegalStateException("Exit " + process.exitCode() + " of " + process.command() + ":\n"
                        + printed);
            }
            return printed;
        }
    }

    private ChildJvm launch(boolean jar, List<String> what, String... args) {
        this.jar = jar;
        this.target.clear();
        this.target.addAll(what);
        this.target.addAll(List.of(args));
        return this;
    }

    private Path outputFile() {
        if (this.output != null) {
            return this.output;
        }
        try {
            Path file = Files.createTempFile("child-jvm-", ".log");
            file.toFile().deleteOnExit();
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
