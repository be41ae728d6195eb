package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka values become exactly the KAFKA_* variables of CONTRACT.md, and only when given. */
class KafkaEnvironmentTests {

    @Test
    void everyKafkaValueBecomesItsContractVariable() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        assertThat(manifests.envValue("KAFKA_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue("KAFKA_BROKERS")).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(manifests.envValue("KAFKA_TOPICS")).isEqualTo("orders,payments");
        assertThat(manifests.envValue("KAFKA_LOG_LABEL")).isEqualTo("orders-pool");
        assertThat(manifests.envValue("KAFKA_NUM_THREADS")).isEqualTo("4");
        assertThat(manifests.envValue("KAFKA_PUBLISH_RETRY_INTERVAL_SEC")).isEqualTo("0.5");
        assertThat(manifests.envValue("KAFKA_FAIL_FAST")).isEqualTo("false");
        assertThat(manifests.envValue("KAFKA_STARTUP_TIMEOUT")).isEqualTo("20s");
        assertThat(manifests.envValue("KAFKA_MISSING_TOPIC_TIMEOUT")).isEqualTo("45s");
        assertThat(manifests.envValue("KAFKA_QUEUE_MAX_BYTES")).isEqualTo("64MB");
        assertThat(manifests.envValue("KAFKA_TLS_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue("KAFKA_SHUTDOWN_TIMEOUT")).isEqualTo("45s");
    }

    @Test
    void largeNumbersAreWrittenAsIntegersNotInScientificNotation() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        assertThat(manifests.envValue("KAFKA_QUEUE_CAPACITY")).isEqualTo("1000000");
    }

    @Test
    void onlyContractVariablesAreSetAndNoneTwice() {
        Map<String, Map<String, Object>> env = Chart.template().values("all-kafka-settings").render().env();

        assertThat(env.keySet().stream().filter((name) -> name.startsWith("KAFKA_")).toList())
                .containsExactly("KAFKA_SHUTDOWN_TIMEOUT", "KAFKA_ENABLED", "KAFKA_BROKERS", "KAFKA_TOPICS",
                        "KAFKA_LOG_LABEL", "KAFKA_NUM_THREADS", "KAFKA_PUBLISH_RETRY_INTERVAL_SEC", "KAFKA_FAIL_FAST",
                        "KAFKA_STARTUP_TIMEOUT", "KAFKA_MISSING_TOPIC_TIMEOUT", "KAFKA_QUEUE_CAPACITY", "KAFKA_QUEUE_MAX_BYTES", "KAFKA_TLS_ENABLED",
                        "KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_CLIENT_KEY",
                        "KAFKA_TLS_CLIENT_KEY_PASSWORD", "KAFKA_PRODUCER_COMPRESSION_TYPE", "KAFKA_PRODUCER_LINGER_MS",
                        "KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION");
    }

    @Test
    void unsetValuesLeaveTheAppDefaultsInPlace() {
        Map<String, Map<String, Object>> env = Chart.template().render().env();

        // Only the chart-derived shutdown budget; everything else is the app's documented default.
        assertThat(env.keySet().stream().filter((name) -> name.startsWith("KAFKA_")).toList())
                .containsExactly("KAFKA_SHUTDOWN_TIMEOUT");
    }

    @Test
    void falseIsAValueNotAnAbsence() {
        Manifests manifests = Chart.template().set("kafka.enabled", false).set("kafka.tls.enabled", false).render();

        assertThat(manifests.envValue("KAFKA_ENABLED")).isEqualTo("false");
        assertThat(manifests.envValue("KAFKA_TLS_ENABLED")).isEqualTo("false");
    }

    @Test
    void producerSettingsBecomeKafkaProducerVariables() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        assertThat(manifests.envValue("KAFKA_PRODUCER_LINGER_MS")).isEqualTo("5");
        assertThat(manifests.envValue("KAFKA_PRODUCER_COMPRESSION_TYPE")).isEqualTo("zstd");
        assertThat(manifests.envValue("KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION")).isEqualTo("1");
    }

    @Test
    void keyPasswordComesFromASecretKeyNeverFromAPlainValue() {
        Map<String, Object> password = Chart.template().values("all-kafka-settings").render().env().get("KAFKA_TLS_CLIENT_KEY_PASSWORD");

        assertThat(password).doesNotContainKey("value");
        assertThat(Nodes.at(password, "valueFrom", "secretKeyRef"))
                .isEqualTo(Map.of("name", "encrypted-client-password", "key", "key-password"));
        assertThatThrownBy(() -> Chart.template().set("kafka.tls.keyPassword.value", "hunter2").render())
                .hasMessageContaining("/kafka/tls/keyPassword")
                .hasMessageContaining("'value' not allowed");
    }

    @Test
    void extraEnvComesLastSoItCanOverrideTheChart() {
        List<String> names = List.copyOf(Chart.template().values("all-kafka-settings").render().env().keySet());

        assertThat(names).last().isEqualTo("SPRING_PROFILES_ACTIVE");
    }
}
