package dev.kafkapool.sample.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kafkapool.sample.SampleApplication;

/**
 * The sample app as a real child process, for the scenarios that end it with SIGTERM the way an
 * orchestrator does, or that need its heap apart from the test's.
 */
final class AppProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Process process;

    private final Path output;

    private final int port;

    private AppProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts the app with {@code env} and waits until its readiness probe answers 200. */
    static AppProcess start(Map<String, String> env, List<String> jvmOptions) throws IOException {
        int port = freePort();
        Path output = Files.createTempFile("sample-app-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SampleApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        AppProcess app = new AppProcess(builder.start(), output, port);
        app.awaitReady(Duration.ofSeconds(90));
        return app;
    }

    int port() {
        return this.port;
    }

    long pid() {
        return this.process.pid();
    }

    /** Everything the app printed so far. */
    String output() {
        try {
            return Files.readString(this.output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** HTTP status of {@code GET path}, or -1 when the app does not answer. */
    int get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            return -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** GET {@code path}'s body, or {@code ""}. */
    String body(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (IOException ex) {
            return "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** POSTs {@code json} to {@code path}; the answer, or {@code null} when the app does not answer. */
    HttpResponse<String> post(String path, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Heap in use right after a full collection requested with {@code jcmd GC.run}: the live data
     * the app holds.
     */
    long liveHeapBytes() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            run(jcmd, Long.toString(pid()), "GC.run");
            String info = run(jcmd, Long.toString(pid()), "GC.heap_info");
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        }
        catch (IOException ex) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    void sigterm() {
        this.process.destroy();
    }

    /** Waits for the process to exit; {@code false} if it is still running after {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return this.process.exitValue();
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("The sample app exited during startup:\n" + output());
            }
            if (get("/actuator/health/readiness") == 200) {
                return;
            }
            LoadGenerator.sleep(200);
        }
        close();
        throw new IllegalStateException("The sample app was not ready within " + timeout + ":\n" + output());
    }

    @Override
    public void close() {
        this.process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
