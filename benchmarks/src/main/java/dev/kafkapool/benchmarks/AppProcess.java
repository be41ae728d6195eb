package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A Spring Boot app in a child JVM: a free port, readiness polling, graceful stop. */
public final class AppProcess implements AutoCloseable {

    private final Process process;

    private final int port;

    private final long startedNanos;

    public AppProcess(ChildJvm jvm, int port) {
        this.port = port;
        this.startedNanos = System.nanoTime();
        this.process = jvm.start();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return this.port;
    }

    public Process process() {
        return this.process;
    }

    /**
     * Polls {@code /actuator/health/readiness} every 10 ms until it answers 200 with status UP.
     * @return milliseconds from the JVM's launch to the first UP
     */
    public double awaitReady(long timeoutSeconds) {
        long deadline = this.startedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("The app exited with " + this.process.exitValue() + " before it was ready");
            }
            if (isReady()) {
                return (System.nanoTime() - this.startedNanos) / 1e6;
            }
            sleep(10);
        }
        throw new IllegalStateException("The app was not ready within " + timeoutSeconds + " s");
    }

    private boolean isReady() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI
                .create("http://127.0.0.1:" + this.port + "/actuator/health/readiness").toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(2000);
            try (InputStream in = (connection.getResponseCode() == 200) ? connection.getInputStream() : null) {
                return in != null && new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"UP\"");
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** SIGTERM, as a container runtime stops it; SIGKILL after 60 s. */
    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
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

}
