package dev.kafkapool.testsupport.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker (KRaft combined broker and controller) running in its own child JVM, with the
 * fault controls reliability tests need: {@link #stop()}, {@link #kill()}, {@link #freeze()},
 * {@link #resume()} and {@link #restart()} on the same port and log directory.
 */
public final class KafkaBroker {

    private static final String STARTED_MESSAGE = "Kafka Server started";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final int nodeId;

    private final int port;

    private final Path directory;

    private final Path configFile;

    private final Path logFile;

    private final String clusterId;

    private final List<String> jvmOptions;

    private Process process;

    private long logOffsetAtStart;

    KafkaBroker(int nodeId, int port, Path directory, String config, String clusterId, List<String> jvmOptions) {
        this.nodeId = nodeId;
        this.port = port;
        this.directory = directory;
        this.configFile = directory.resolve("server.properties");
        this.logFile = directory.resolve("broker.log");
        this.clusterId = clusterId;
        this.jvmOptions = List.copyOf(jvmOptions);
        try {
            Files.createDirectories(directory);
            Files.writeString(this.configFile, config);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The broker's {@code node.id}, from 1. */
    public int nodeId() {
        return this.nodeId;
    }

    /** Port of the client listener on loopback. */
    public int port() {
        return this.port;
    }

    /** {@code localhost:port}, the address the broker advertises. */
    public String address() {
        return "localhost:" + this.port;
    }

    /** Directory with the broker's configuration, data and {@code broker.log}. */
    public Path directory() {
        return this.directory;
    }

    /** Whether the child process is alive (a frozen broker is alive). */
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    /** Process id of the running broker. */
    public synchronized long pid() {
        requireRunning();
        return this.process.pid();
    }

    /** Starts the child JVM without waiting; see {@link #awaitStarted(Duration)}. */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException("Broker " + this.nodeId + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(this.jvmOptions);
        command.add("-D" + BrokerLauncher.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(BrokerClasspath.get());
        command.add(BrokerLauncher.class.getName());
        command.add(this.configFile.toString());
        command.add(this.clusterId);
        try {
            this.logOffsetAtStart = Files.exists(this.logFile) ? Files.size(this.logFile) : 0;
            this.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start broker " + this.nodeId, ex);
        }
    }

    /** Waits until this start of the broker logged that it serves clients. */
    void awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = outputSinceStart();
            if (output.contains(STARTED_MESSAGE)) {
                return;
            }
            Process current = currentProcess();
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException("Broker " + this.nodeId + " exited during startup:\n" + output);
            }
            sleep(50);
        }
        throw new IllegalStateException("Broker " + this.nodeId + " did not start within " + timeout + ":\n"
                + outputSinceStart());
    }

    /** Graceful shutdown (SIGTERM), waiting for the process to exit; SIGKILL after 30 s. */
    public void stop() {
        Process current = currentProcess();
        if (current == null || !current.isAlive()) {
            return;
        }
        signal("CONT");
        current.destroy();
        if (!waitFor(current, STOP_TIMEOUT)) {
            kill();
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash or an OOM killer would. */
    public void kill() {
        Process current = currentProcess();
        if (current != null) {
            current.destroyForcibly();
            waitFor(current, STOP_TIMEOUT);
        }
    }

    /** Freezes the broker (SIGSTOP): connections stay open and nothing answers, like a hung host. */
    public void freeze() {
        requireRunning();
        signal("STOP");
    }

    /** Resumes a frozen broker (SIGCONT). */
    public void resume() {
        requireRunning();
        signal("CONT");
    }

    /**
     * Starts the broker again on the same port and log directory after {@link #stop()} or
     * {@link #kill()} (stopping it first if it still runs), and waits until it serves clients.
     */
    public void restart() {
        stop();
        launch();
        awaitStarted(KafkaCluster.START_TIMEOUT);
    }

    /** Everything the broker printed since its last start: for failure messages. */
    public String outputSinceStart() {
        if (!Files.exists(this.logFile)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(this.logFile.toFile(), "r")) {
            long length = file.length() - this.logOffsetAtStart;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
            file.seek(this.logOffsetAtStart);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "(broker.log unreadable: " + ex.getMessage() + ")";
        }
    }

    private synchronized Process currentProcess() {
        return this.process;
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("Broker " + this.nodeId + " is not running");
        }
    }

    private void signal(String signal) {
        Process current = currentProcess();
        if (current == null || !current.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(current.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + current.pid() + " failed");
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

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[node=" + this.nodeId + ", address=" + address() + ", dir=" + this.directory + "]";
    }

}
