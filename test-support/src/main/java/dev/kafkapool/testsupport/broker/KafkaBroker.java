package dev.kafkapool.testsupport.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.kafkapool.testsupport.TemporaryDirectories;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;

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

    private ChildProcess process;

    /** The thread whose {@link #freeze()} froze the broker, until {@link #resume()}; for the kit's clean-up of parallel tests. */
    private volatile Thread frozenBy;

    /** The thread whose {@link #stop()} or {@link #kill()} ended the broker, until it is started again. */
    private volatile Thread stoppedBy;

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
    public long pid() {
        return requireRunning().pid();
    }

    /** Starts the child JVM without waiting; see {@link #awaitStarted(Duration)}. */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException("Broker " + this.nodeId + " is already running");
        }
        this.process = ChildJvm.current()
            // the broker's options are its own: options meant for the JVM under test (a collector
            // of its own, say) must not reach it, or clash with them
            .withoutEnv("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
            .jvmOptions(this.jvmOptions)
            .jvmOptions("-D" + BrokerLauncher.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                    "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true")
            .classPath(BrokerClasspath.get())
            .mainClass(BrokerLauncher.class.getName(), this.configFile.toString(), this.clusterId)
            .output(this.logFile)
            .start();
        // a frozen broker runs no watchdog: whoever sweeps the directory of a test JVM killed meanwhile kills it
        TemporaryDirectories.recordProcess(this.directory, this.process.pid());
    }

    /** Waits until this start of the broker logged that it serves clients. */
    void awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = outputSinceStart();
            if (output.contains(STARTED_MESSAGE)) {
                return;
            }
            ChildProcess current = currentProcess();
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException("Broker " + this.nodeId + " exited during startup:\n" + output);
            }
            sleep(50);
        }
        // a broker that comes up after the caller was told it did not would serve clients nobody expects
        ChildProcess late = currentProcess();
        if (late != null) {
            late.kill();
        }
        throw new IllegalStateException("Broker " + this.nodeId + " did not start within " + timeout
                + " and was killed (a busy host may need more: -D" + KafkaCluster.START_TIMEOUT_PROPERTY + "=180):\n"
                + outputSinceStart());
    }

    /** Graceful shutdown (SIGTERM), waiting for the process to exit; SIGKILL after 30 s. */
    public void stop() {
        ChildProcess current = currentProcess();
        if (current != null) {
            this.stoppedBy = Thread.currentThread();
            current.stop(STOP_TIMEOUT);
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash or an OOM killer would. */
    public void kill() {
        ChildProcess current = currentProcess();
        if (current != null) {
            this.stoppedBy = Thread.currentThread();
            current.kill();
        }
    }

    /** Whether the broker does not run because a {@link #stop()} or {@link #kill()} on {@code thread} ended it. */
    boolean isStoppedBy(Thread thread) {
        return this.stoppedBy == thread && !isRunning();
    }

    /** Freezes the broker (SIGSTOP): connections stay open and nothing answers, like a hung host. */
    public void freeze() {
        requireRunning().freeze();
        this.frozenBy = Thread.currentThread();
    }

    /** Resumes a frozen broker (SIGCONT). */
    public void resume() {
        requireRunning().resume();
        this.frozenBy = null;
    }

    /** Whether the broker is frozen by a {@link #freeze()} on {@code thread}. */
    boolean isFrozenBy(Thread thread) {
        return this.frozenBy == thread && isFrozen();
    }

    /** Whether the broker runs and is frozen ({@link #freeze()} not yet followed by {@link #resume()}). */
    public boolean isFrozen() {
        ChildProcess current = currentProcess();
        return current != null && current.isFrozen();
    }

    /**
     * Starts the broker again on the same port and log directory after {@link #stop()} or
     * {@link #kill()} (stopping it first if it still runs), and waits until it serves clients. A broker
     * of a cluster that lost most of its brokers cannot serve alone (its controller quorum is gone):
     * start them together with {@link KafkaCluster#restartStoppedBrokers()}.
     */
    public void restart() {
        relaunch();
        awaitStarted(KafkaCluster.startTimeout());
    }

    /** {@link #restart()} without waiting: the cluster starts several, then waits for them together. */
    void relaunch() {
        stop();
        launch();
        this.stoppedBy = null;
    }

    /** Everything the broker printed since its last start: for failure messages. */
    public String outputSinceStart() {
        ChildProcess current = currentProcess();
        return (current != null) ? current.output() : "";
    }

    private synchronized ChildProcess currentProcess() {
        return this.process;
    }

    private ChildProcess requireRunning() {
        ChildProcess current = currentProcess();
        if (current == null || !current.isAlive()) {
            throw new IllegalStateException("Broker " + this.nodeId + " is not running");
        }
        return current;
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
