package dev.kafkapool.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.kafkapool.sample.SampleApplication;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;
import dev.kafkapool.testsupport.process.FreePorts;
import dev.kafkapool.testsupport.process.HttpReadiness;

/**
 * The sample app as a child process configured as the chart configures it: {@code KAFKA_*}
 * variables, a journal directory, the API on {@code SERVER_PORT} and the actuator on
 * {@code MANAGEMENT_SERVER_PORT}, both chosen here, so Prometheus knows where to scrape.
 */
final class MonitoredApp implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final ChildProcess process;

    private final int apiPort;

    private final int managementPort;

    private MonitoredApp(ChildProcess process, int apiPort, int managementPort) {
        this.process = process;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
    }

    /** Starts the app against {@code cluster}, publishing to {@code topic} as pool {@code pool}, and waits until it is ready. */
    static MonitoredApp start(KafkaCluster cluster, String topic, String pool, Path journal) {
        Map<String, String> environment = KafkaPoolSettings.of(cluster).environment();
        environment.put("KAFKA_TOPICS", topic);
        environment.put("KAFKA_LOG_LABEL", pool);
        environment.put("KAFKA_JOURNAL_DIR", journal.toString());
        environment.put("KAFKA_JOURNAL_MAX_BYTES", "64MB");
        // The machine may be busy (2 cores shared by brokers and builds): this test is not about startup time.
        environment.put("KAFKA_STARTUP_TIMEOUT", "60s");
        int apiPort = FreePorts.next();
        int managementPort = FreePorts.next();
        environment.put("SERVER_PORT", Integer.toString(apiPort));
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        ChildProcess process = ChildJvm.current()
            .jvmOptions("-Xmx384m")
            .mainClass(SampleApplication.class.getName())
            .env(environment)
            .start();
        HttpReadiness.await(process, URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"),
                Duration.ofSeconds(150), Duration.ofMillis(200));
        return new MonitoredApp(process, apiPort, managementPort);
    }

    /** Where Prometheus scrapes: {@code host:port} of the actuator. */
    String scrapeTarget() {
        return "127.0.0.1:" + this.managementPort;
    }

    /** POSTs {@code records} (the API's {@code records} array) to {@code topic}, waiting for the broker; the status. */
    int publish(String topic, String records) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://localhost:" + this.apiPort + "/api/v1/topics/" + topic + "/records?wait=true"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"records\":" + records + "}"))
            .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String output() {
        return this.process.output();
    }

    @Override
    public void close() {
        this.process.stop(Duration.ofSeconds(20));
    }

}
