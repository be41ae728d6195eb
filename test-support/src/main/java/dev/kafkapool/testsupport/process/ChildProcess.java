package dev.kafkapool.testsupport.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by {@link ChildJvm}: its pid, what it printed since it started, and the
 * signals tests send: {@link #terminate()} (SIGTERM, as an orchestrator stops it), {@link #kill()}
 * (SIGKILL, a crash), {@link #freeze()} (SIGSTOP, a hung host) and {@link #resume()} (SIGCONT).
 * {@link #close()} kills it; so does the end of this JVM, for a process a test left running.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    /** Set by {@link #freeze()}, cleared by {@link #resume()}. */
    private volatile boolean frozen;

    private static final Set<ChildProcess> RUNNING = Collections.synchronizedSet(new LinkedHashSet<>());

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<ChildProcess> left;
            synchronized (RUNNING) {
                left = new ArrayList<>(RUNNING);
            }
            left.forEach((child) -> child.process.destroyForcibly());
        }, "child-process-cleanup"));
    }

    private final Process process;

    private final List<String> command;

    private final Path output;

    private final long outputOffset;

    private final long launchedNanos;

    ChildProcess(Process process, long launchedNanos, List<String> command, Path output, long outputOffset) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.command = List.copyOf(command);
        this.output = output;
        this.outputOffset = outputOffset;
        RUNNING.add(this);
        process.onExit().thenRun(() -> RUNNING.remove(this));
    }

    /** The operating system's process id. */
    public long pid() {
        return this.process.pid();
    }

    /** The command line that started it. */
    public List<String> command() {
        return this.command;
    }

    /** Whether it is alive; a frozen process is. */
    public boolean isAlive() {
        return this.process.isAlive();
    }

    /** Time since it was launched (just before the operating system was asked to start it). */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - this.launchedNanos);
    }

    /** The file its standard output and error go to. */
    public Path outputFile() {
        return this.output;
    }

    /** Everything it printed, standard output and error merged, since this process started. */
    public String output() {
        if (!Files.exists(this.output)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(this.output.toFile(), "r")) {
            long length = file.length() - this.outputOffset;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
            file.seek(this.outputOffset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "(" + this.output + " unreadable: " + ex.getMessage() + ")";
        }
    }

    /** Sends SIGTERM and returns; see {@link #awaitExit(Duration)}. */
    public void terminate() {
        this.process.destroy();
    }

    /** Sends SIGKILL and waits (up to 30 s) until the process is gone. */
    public void kill() {
        this.process.destroyForcibly();
        awaitExit(KILL_TIMEOUT);
    }

    /**
     * Graceful stop: SIGCONT (a frozen process cannot act on SIGTERM), SIGTERM, then SIGKILL if it
     * has not exited within {@code grace}. Does nothing when it already exited.
     */
    public void stop(Duration grace) {
        if (!isAlive()) {
            return;
        }
        signal("CONT");
        terminate();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /**
     * Freezes it (SIGSTOP): its sockets stay open and nothing answers. A signal is delivered
     * asynchronously: on Linux this returns once the kernel reports the process stopped (at most
     * a few seconds), so that what a test does next happens to a frozen process.
     */
    public void freeze() {
        signal("STOP");
        this.frozen = true;
        awaitStopped(Duration.ofSeconds(5));
    }

    /** Whether {@link #freeze()} was the last of freeze and resume called. */
    public boolean isFrozen() {
        return this.frozen && isAlive();
    }

    private void awaitStopped(Duration timeout) {
        Path stat = Path.of("/proc", Long.toString(pid()), "stat");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive() && Files.isReadable(stat) && deadline - System.nanoTime() > 0) {
            try {
                String line = Files.readString(stat);
                // the state follows the command name in parentheses: "pid (comm) S ..."
                if (line.charAt(line.lastIndexOf(')') + 2) == 'T') {
                    return;
                }
                Thread.sleep(1);
            }
            catch (IOException ex) {
                return; // gone meanwhile, or no procfs: the signal is all there is to wait for
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Resumes it after {@link #freeze()} (SIGCONT). */
    public void resume() {
        signal("CONT");
        this.frozen = false;
    }

    /** Waits until it exits; {@code false} if it still runs after {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Its exit code; 128 plus the signal's number when a signal ended it (143 after SIGTERM when
     * the JVM's shutdown hooks ran, 137 after SIGKILL).
     * @throws IllegalStateException while it still runs
     */
    public int exitCode() {
        if (this.process.isAlive()) {
            throw new IllegalStateException("Process " + pid() + " is still running");
        }
        return this.process.exitValue();
    }

    /** Kills it (SIGKILL) and waits until it is gone. */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    private void signal(String signal) {
        if (!isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true)
                .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid() + " did not return within 10 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
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

    @Override
    public String toString() {
        return "ChildProcess[pid=" + pid() + ", alive=" + isAlive() + ", output=" + this.output + "]";
    }

}
