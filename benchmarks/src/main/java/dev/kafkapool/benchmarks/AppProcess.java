package dev.kafkapool.benchmarks;

import java.net.URI;
import java.time.Duration;

import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;
import dev.kafkapool.testsupport.process.HttpReadiness;

/**
 * A Spring Boot app in a child JVM (the test kit's launcher): the time from launch to readiness,
 * and a graceful stop, as a container runtime stops it; a JVM that writes an archive at exit
 * (the startup part's training runs) needs that.
 */
public final class AppProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final ChildProcess process;

    private final int port;

    /** Starts {@code jvm}, an app that serves HTTP on {@code port}. */
    public AppProcess(ChildJvm jvm, int port) {
        this.port = port;
        this.process = jvm.start();
    }

    public int port() {
        return this.port;
    }

    /** The operating system's process id of the JVM. */
    public long pid() {
        return this.process.pid();
    }

    /**
     * Polls {@code /actuator/health/readiness} every 10 ms until it answers 200 (UP).
     * @return milliseconds from the JVM's launch to the first UP
     */
    public double awaitReady(long timeoutSeconds) {
        URI readiness = URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness");
        return HttpReadiness.await(this.process, readiness, Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(10))
            .toNanos() / 1e6;
    }

    /** SIGTERM; SIGKILL after 60 s. */
    @Override
    public void close() {
        this.process.stop(STOP_GRACE);
    }

}
