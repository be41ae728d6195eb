package dev.kafkapool.sample.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kafkapool.sample.SampleApplication;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;
import dev.kafkapool.testsupport.process.FreePorts;
import dev.kafkapool.testsupport.process.HttpReadiness;

/**
 * The sample app as a real child process (the test kit's {@link ChildJvm}), configured the way an
 * operator does it, with {@code KAFKA_*} variables: for the scenarios that end it with SIGTERM as
 * an orchestrator does, or that need its heap apart from the test's.
 */
final class AppProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;

    private final int port;

    private final int managementPort;

    private AppProcess(ChildProcess process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the app with the {@code KAFKA_*} variables that point it at {@code cluster}, plus
     * {@code variables} ({@code NAME=value}, e.g. {@code KAFKA_TOPICS=orders}), and waits until its
     * readiness probe answers 200.
     */
    static AppProcess start(KafkaCluster cluster, List<String> jvmOptions, String... variables) {
        Map<String, String> environment = KafkaPoolSettings.of(cluster).environment();
        // a start on a busy two-core machine can take longer than the 10 s default; a test may set its own
        environment.put("KAFKA_STARTUP_TIMEOUT", "60s");
        for (String variable : variables) {
            int equals = variable.indexOf('=');
            environment.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        ChildProcess process = ChildJvm.current()
            .jvmOptions(jvmOptions)
            .mainClass(SampleApplication.class.getName())
            .env(environment)
            .start();
        HttpReadiness.await(process, URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"),
                READY_TIMEOUT, Duration.ofMillis(200));
        return new AppProcess(process, port, managementPort);
    }

    int port() {
        return this.port;
    }

    long pid() {
        return this.process.pid();
    }

    /** Everything the app printed so far. */
    String output() {
        return this.process.output();
    }

    /** The URL of {@code path}: on the management port for {@code /actuator}, else the API's. */
    private URI uri(String path) {
        int target = path.startsWith("/actuator") ? this.managementPort : this.port;
        return URI.create("http://localhost:" + target + path);
    }

    /** HTTP status of {@code GET path}, or -1 when the app does not answer. */
    int get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri(path))
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
            return CLIENT.send(HttpRequest.newBuilder(uri(path))
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
            return CLIENT.send(HttpRequest.newBuilder(uri(path))
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
        this.process.terminate();
    }

    /** Waits for the process to exit; {@code false} if it is still running after {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        return this.process.awaitExit(timeout);
    }

    int exitCode() {
        return this.process.exitCode();
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /** Kills the app (SIGKILL). */
    @Override
    public void close() {
        this.process.close();
    }

}
