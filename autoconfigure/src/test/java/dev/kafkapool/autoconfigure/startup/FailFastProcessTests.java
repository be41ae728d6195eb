package dev.kafkapool.autoconfigure.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** A real application process refuses to start, prints Spring Boot's failure report, and exits non-zero. */
class FailFastProcessTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aMisconfiguredApplicationExitsNonZeroWithTheFailureReport() throws Exception {
        Map<String, Object> env = KafkaPoolTestEnvironment.mtls(cluster);
        env.put("KAFKA_TLS_CLIENT_CA", cluster.pki().rogueCaCertificate().toString());
        Result result = run(env);

        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("APPLICATION FAILED TO START")
            .contains("kafka-pool could not start: the broker's certificate at localhost:")
            .contains("Setting: KAFKA_TLS_CLIENT_CA")
            .contains("KAFKA_TLS_CLIENT_CA=" + cluster.pki().rogueCaCertificate())
            .contains("Action:")
            .doesNotContain("BEGIN");
        System.out.printf("misconfigured process exited with %d after %d ms (JVM start included)%n", result.exitCode,
                result.millis);
    }

    @Test
    void aWellConfiguredApplicationStartsAndConnects() throws Exception {
        Map<String, Object> env = KafkaPoolTestEnvironment.mtls(cluster);
        env.put("SPRING_MAIN_WEB_APPLICATION_TYPE", "none");
        env.put("SPRING_MAIN_REGISTER_SHUTDOWN_HOOK", "true");
        // Without a web server the application returns from main and exits 0 after startup.
        Result result = run(env);

        assertThat(result.output).contains("Kafka is reachable in").contains("Starting: brokers=");
        // the pool's summary comes first: a check that never passes still leaves it in the log
        assertThat(result.output.indexOf("Starting: brokers=")).isLessThan(result.output.indexOf("Kafka is reachable in"));
        assertThat(result.exitCode).isZero();
    }

    private static Result run(Map<String, Object> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FailFastApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((name, value) -> builder.environment().put(name, value.toString()));
        long started = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private record Result(int exitCode, String output, long millis) {
    }

}
