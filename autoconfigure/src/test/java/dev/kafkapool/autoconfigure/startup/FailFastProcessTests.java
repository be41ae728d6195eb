package dev.kafkapool.autoconfigure.startup;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;

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

    private static Result run(Map<String, Object> env) {
        ChildJvm jvm = ChildJvm.current().mainClass(FailFastApplication.class.getName());
        env.forEach((name, value) -> jvm.env(name, value.toString()));
        try (ChildProcess process = jvm.start()) {
            assertThat(process.awaitExit(Duration.ofSeconds(60))).as("exited within 60 s:%n%s", process.output())
                .isTrue();
            return new Result(process.exitCode(), process.output(), process.uptime().toMillis());
        }
    }

    private record Result(int exitCode, String output, long millis) {
    }

}
