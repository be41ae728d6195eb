package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka values become exactly the KAFKA_* variables of CONTRACT.md, and only when given. */
class KafkaEnvironmentTests {

    @Test
    void everyKafkaValueBecomesItsContractVariable() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        assertThat(manifests.envValue("KAFKA_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue("KAFKA_BROKERS")).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(manifests.envValue("KAFKA_TOPICS")).isEqualTo("orders,payments,payments.eu-west");
        assertThat(manifests.envValue("KAFKA_LOG_LABEL")).isEqualTo("orders-pool");
        assertThat(manifests.envValue("KAFKA_NUM_THREADS")).isEqualTo("4");
        assertThat(manifests.envValue("KAFKA_PUBLISH_RETRY_INTERVAL_SEC")).isEqualTo("0.5");
        assertThat(manifests.envValue("KAFKA_FAIL_FAST")).isEqualTo("false");
        assertThat(manifests.envValue("KAFKA_STARTUP_TIMEOUT")).isEqualTo("20s");
        assertThat(manifests.envValue("KAFKA_MISSING_TOPIC_TIMEOUT")).isEqualTo("45s");
        assertThat(manifests.envValue("KAFKA_QUEUE_MAX_BYTES")).isEqualTo("64MB");
        assertThat(manifests.envValue("KAFKA_TLS_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue("KAFKA_TLS_RELOAD")).isEqualTo("true");
        assertThat(manifests.envValue("KAFKA_TLS_RELOAD_INTERVAL")).isEqualTo("15s");
        assertThat(manifests.envValue("KAFKA_JOURNAL_DIR")).isEqualTo("/var/lib/kafka-pool/journal");
        assertThat(manifests.envValue("KAFKA_JOURNAL_FSYNC")).isEqualTo("always");
        assertThat(manifests.envValue("KAFKA_JOURNAL_FSYNC_INTERVAL")).isEqualTo("50ms");
        assertThat(manifests.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("2GB");
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
                        "KAFKA_STARTUP_TIMEOUT", "KAFKA_MISSING_TOPIC_TIMEOUT", "KAFKA_QUEUE_CAPACITY", "KAFKA_QUEUE_MAX_BYTES",
                        "KAFKA_JOURNAL_DIR", "KAFKA_JOURNAL_FSYNC", "KAFKA_JOURNAL_FSYNC_INTERVAL", "KAFKA_JOURNAL_MAX_BYTES",
                        "KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND", "KAFKA_TOPIC_LIMITS_ORDERS_BYTES_PER_SECOND",
                        "KAFKA_TOPIC_LIMITS_ORDERS_BURST", "KAFKA_TOPIC_LIMITS_PAYMENTS_EU_WEST_RECORDS_PER_SECOND",
                        "KAFKA_TLS_ENABLED", "KAFKA_TLS_RELOAD", "KAFKA_TLS_RELOAD_INTERVAL", "KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_CLIENT_KEY",
                        "KAFKA_TLS_CLIENT_KEY_PASSWORD", "KAFKA_PRODUCER_COMPRESSION_TYPE", "KAFKA_PRODUCER_LINGER_MS",
                        "KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION");
    }

    @Test
    void unsetValuesLeaveTheAppDefaultsInPlace() {
        Map<String, Map<String, Object>> env = Chart.template().render().env();

        // Only what the chart derives: the shutdown budget, the start's from the startup probe's, and the
        // journal's directory and the bound its volume is sized from. Everything else is the app's documented default.
        assertThat(env.keySet().stream().filter((name) -> name.startsWith("KAFKA_")).toList())
                .containsExactly("KAFKA_SHUTDOWN_TIMEOUT", "KAFKA_STARTUP_TIMEOUT", "KAFKA_JOURNAL_DIR",
                        "KAFKA_JOURNAL_MAX_BYTES");
    }

    @Test
    void theStartsTimeoutIsHalfWhatTheStartupProbeAllowsUnlessSet() {
        // the app's own 10 s of a 155 s probe: a pod short of CPU failed starts that more time would have carried
        assertThat(Chart.template().render().envValue("KAFKA_STARTUP_TIMEOUT")).isEqualTo("77s");
        assertThat(Chart.template().set("startupProbe.failureThreshold", 60).render().envValue("KAFKA_STARTUP_TIMEOUT"))
                .isEqualTo("152s");
        // within a short probe's budget too: the app gives up, with its report, before the probe kills it
        assertThat(Chart.template().set("startupProbe.initialDelaySeconds", 0).set("startupProbe.periodSeconds", 2)
                .set("startupProbe.failureThreshold", 2).render().envValue("KAFKA_STARTUP_TIMEOUT")).isEqualTo("2s");
        assertThat(Chart.template().set("kafka.startupTimeout", "20s").render().envValue("KAFKA_STARTUP_TIMEOUT"))
                .isEqualTo("20s");
        assertThat(Chart.template().set("startupProbe.enabled", false).render().env())
                .doesNotContainKey("KAFKA_STARTUP_TIMEOUT");
    }

    @Test
    void topicLimitsBecomeVariablesNamedAfterTheTopicWithDotsAndDashesAsUnderscores() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        assertThat(manifests.envValue("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND")).isEqualTo("1000");
        assertThat(manifests.envValue("KAFKA_TOPIC_LIMITS_ORDERS_BYTES_PER_SECOND")).isEqualTo("1MB");
        assertThat(manifests.envValue("KAFKA_TOPIC_LIMITS_ORDERS_BURST")).isEqualTo("2000");
        assertThat(manifests.envValue("KAFKA_TOPIC_LIMITS_PAYMENTS_EU_WEST_RECORDS_PER_SECOND")).isEqualTo("2.5");
        // Only the limits given: payments.eu-west has no burst of its own.
        assertThat(manifests.env()).doesNotContainKey("KAFKA_TOPIC_LIMITS_PAYMENTS_EU_WEST_BURST");
    }

    @ParameterizedTest
    @ValueSource(strings = { "orders-v1", "Orders.V1" })
    void aLimitedTopicWhoseVariablesCouldBeForAnotherListedTopicIsRefused(String other) {
        // the app refuses such a start (the variable could be for either topic): the chart rendered it without a word
        assertThatThrownBy(() -> Chart.template()
                .set("kafka.topics[0]", "orders.v1")
                .set("kafka.topics[1]", other)
                .set("kafka.topicLimits.orders\\.v1.recordsPerSecond", 1000)
                .render())
                .hasMessageContaining("the variables KAFKA_TOPIC_LIMITS_ORDERS_V1_* of topic \"orders.v1\" could be for "
                        + "topic \"" + other + "\" of kafka.topics too");
    }

    @Test
    void twoTopicsWhoseVariablesWouldShareANameAreRefused() {
        assertThatThrownBy(() -> Chart.template()
                .set("kafka.topics[0]", "orders.v1")
                .set("kafka.topics[1]", "orders-v1")
                .set("kafka.topicLimits.orders\\.v1.recordsPerSecond", 10)
                .set("kafka.topicLimits.orders-v1.recordsPerSecond", 20)
                .render())
                .hasMessageContaining("kafka.topicLimits: topics \"orders-v1\" and \"orders.v1\" both give the variables KAFKA_TOPIC_LIMITS_ORDERS_V1_*");
    }

    @Test
    void aLimitOfATopicOutsideTheAllowListIsRenderedWithAWarningThatTheAppWillRefuseToStart() {
        Chart.Render outside = Chart.template()
                .set("kafka.topics[0]", "orders")
                .set("kafka.topicLimits.payments.recordsPerSecond", 10);
        Chart.Render allowed = Chart.template()
                .set("kafka.topics[0]", "payments")
                .set("kafka.topicLimits.payments.recordsPerSecond", 10);

        assertThat(outside.render().envValue("KAFKA_TOPIC_LIMITS_PAYMENTS_RECORDS_PER_SECOND")).isEqualTo("10");
        assertThat(outside.notes()).contains("WARNING: kafka.topicLimits.payments names a topic that is not in "
                + "kafka.topics", "will refuse to start");
        assertThat(allowed.notes()).doesNotContain("kafka.topicLimits.payments names");
    }

    @Test
    void aJournalBoundGivenAsANumberOfBytesIsTakenAndWrittenAsAnInteger() {
        // the schema took only a string: --set kafka.journal.maxBytes=1073741824 was refused
        Manifests manifests = Chart.template().set("kafka.journal.maxBytes", 1073741824).render();

        assertThat(manifests.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("1073741824");
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
