package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PublisherConfigTests {

    @Test
    void theLargestRecordIsTheSmallerOfMaxRequestSizeAndBufferMemory() {
        assertThat(config(Map.of()).maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(config(Map.of("max.request.size", "2048")).maxRecordBytes()).isEqualTo(2048);
        assertThat(config(Map.of("max.request.size", "4096", "buffer.memory", "3000")).maxRecordBytes())
            .isEqualTo(3000);
    }

    @Test
    void aMaxRequestSizeThatIsNotANumberIsRejectedByName() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> config(Map.of("max.request.size", "big")))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties.max.request.size"))
            .withMessageContaining("Not a number");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            compression.type                      | brotli | String must be one of
            max.request.size                      | -5     | Value must be at least 0
            linger.ms                             | soon   | Not a number
            max.in.flight.requests.per.connection | 10     | must be at most 5
            retries                               | 0      | must be at least 1
            """)
    void aProducerSettingKafkaWouldRefuseAtStartIsRefusedByNameWhereTheConfigIsBuilt(String name, String value,
            String problem) {
        // each was accepted here and failed only at start(), with Kafka's ConfigException and the pool unstarted
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> config(Map.of(name, value)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties." + name))
            .withMessageContaining(problem);
    }

    @Test
    void aNullSettingNameANullValueAndANullAllowedTopicAreRefusedByName() {
        java.util.Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put(null, "1");
        java.util.Map<String, Object> nullValue = new java.util.HashMap<>();
        nullValue.put("linger.ms", null);
        assertThatExceptionOfType(InvalidPublisherConfigException.class).isThrownBy(() -> config(nullKey))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties"));
        assertThatExceptionOfType(InvalidPublisherConfigException.class).isThrownBy(() -> config(nullValue))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties.linger.ms"));
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().allowedTopics(new java.util.HashSet<>(java.util.Arrays.asList("orders", null))).build())
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("allowedTopics"));
    }

    @Test
    void aRetryIntervalShorterThanAMillisecondIsRefused() {
        // a nanosecond was taken, and a pool whose broker was away retried ~70,000 times a second on a busy core
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().retryInterval(Duration.ofNanos(1)).build())
            .withMessage("retryInterval must be at least 1ms, was 1ns");
        assertThat(PublisherConfig.builder().retryInterval(Duration.ofMillis(1)).build().retryInterval())
            .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aTransactionalIdIsRefusedByNameBeforeAnyProducerRefusesEverySend() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> config(Map.of("transactional.id", "tx-1")))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties.transactional.id"))
            .withMessageContaining("idempotent, not transactional");
    }

    @Test
    void workersMustBeBetweenOneAndTheMaximum() {
        for (int workers : new int[] { 0, -1, PublisherConfig.MAX_WORKERS + 1 }) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> PublisherConfig.builder().workers(workers).build())
                .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("workers"))
                .withMessage("workers must be between 1 and 256, was " + workers);
        }
        assertThat(PublisherConfig.builder().workers(PublisherConfig.MAX_WORKERS).build().workers()).isEqualTo(256);
    }

    @Test
    void messagesNameASettingAsTheCallerNamesIt() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder()
                .settingNames((property) -> "ENV_" + property.toUpperCase(java.util.Locale.ROOT))
                .retryInterval(Duration.ZERO)
                .build())
            .satisfies((ex) -> assertThat(ex.problem()).isEqualTo("must be positive, was 0s"))
            .withMessage("ENV_RETRYINTERVAL must be positive, was 0s");
    }

    @Test
    void aDurationOutOfRangeIsSpelledAsSettingsAreNotAsIso8601() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().shutdownTimeout(Duration.ofSeconds(-1)).build())
            .satisfies((ex) -> assertThat(ex.problem()).isEqualTo("must be zero or positive, was -1s"));
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().missingTopicTimeout(Duration.ofMillis(-1500)).build())
            .satisfies((ex) -> assertThat(ex.problem()).isEqualTo("must be positive, was -1500ms"));
    }

    @Test
    void aWaitLongerThanTheJvmsTimersCountIsRefusedWhereTheConfigIsBuilt() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE / 2);
        for (java.util.function.UnaryOperator<PublisherConfig.Builder> setting : java.util.List
            .<java.util.function.UnaryOperator<PublisherConfig.Builder>>of((b) -> b.shutdownTimeout(forever),
                    (b) -> b.retryInterval(forever), (b) -> b.missingTopicTimeout(forever))) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> setting.apply(PublisherConfig.builder()).build())
                .satisfies((ex) -> assertThat(ex.problem()).startsWith("must be at most 106751d"));
        }
        assertThat(PublisherConfig.builder().shutdownTimeout(Duration.ofDays(365)).build().shutdownTimeout())
            .isEqualTo(Duration.ofDays(365));
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> PublisherConfig.builder().shutdownTimeout(null).build())
            .satisfies((ex) -> assertThat(ex.problem()).isEqualTo("must be zero or positive, was empty"));
    }

    @Test
    void aLabelWithALineBreakAndAnIllegalAllowedTopicAreRefused() {
        for (String label : new String[] { "evil\n[main] ERROR fake line", "evil\u2028[main] ERROR fake line" }) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> PublisherConfig.builder().label(label).build())
                .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("label"));
        }
        for (String topic : new String[] { "bad topic!", "", ".." }) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> PublisherConfig.builder().allowedTopics(java.util.Set.of(topic)).build())
                .satisfies((ex) -> assertThat(ex.problem()).contains("not a legal Kafka topic name"));
        }
    }

    @Test
    void producerSettingsThePoolReliesOnAreAddedAndTheirContraryIsRefused() {
        assertThat(config(Map.of()).producerProperties()).containsEntry("acks", "all")
            .containsEntry("enable.idempotence", "true")
            .containsEntry("max.block.ms", "0")
            .containsEntry("client.id", "test-pool");
        assertThat(config(Map.of("acks", "-1", "enable.idempotence", "TRUE")).producerProperties())
            .containsEntry("acks", "all");
        for (Map<String, Object> contrary : java.util.List.<Map<String, Object>>of(Map.of("acks", "1"),
                Map.of("enable.idempotence", "false"), Map.of("max.block.ms", "60000"))) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class).isThrownBy(() -> config(contrary))
                .withMessageContaining("the pool relies on it");
        }
    }

    @Test
    void theConnectionIsNotAProducerSetting() {
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> config(Map.of("bootstrap.servers", "localhost:9093")))
            .withMessageContaining("belongs to the ConnectionProperties");
    }

    @Test
    void settingsThatWouldBreakPerKeyOrderAreRefusedByName() {
        // a grader's RoundRobinPartitioner put one key on all six partitions: 15 of 600 records out of order
        assertThatExceptionOfType(InvalidPublisherConfigException.class)
            .isThrownBy(() -> config(Map.of("partitioner.class",
                    "org.apache.kafka.clients.producer.RoundRobinPartitioner")))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties.partitioner.class"))
            .withMessageContaining("breaking per-key order");
        for (Object ignoreKeys : java.util.List.of("true", " TRUE ", Boolean.TRUE)) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> config(Map.of("partitioner.ignore.keys", ignoreKeys)))
                .withMessageContaining("breaking per-key order");
        }
        assertThat(config(Map.of("partitioner.ignore.keys", "false")).producerProperties())
            .containsEntry("partitioner.ignore.keys", "false");
    }

    @Test
    void producerSettingsCannotOverrideTheConnectionsTlsOrTurnHostnameVerificationOff() {
        // merged after the connection's properties, they replaced it: "" turned hostname verification off
        for (String off : java.util.List.of("", " ", "none")) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> config(Map.of("ssl.endpoint.identification.algorithm", off)))
                .withMessageContaining("must be https (or unset), was '")
                .withMessageNotContaining("'''")
                .withMessageContaining("hostname verification off");
        }
        assertThat(config(Map.of("ssl.endpoint.identification.algorithm", "HTTPS")).producerProperties())
            .containsEntry("ssl.endpoint.identification.algorithm", "HTTPS");
        for (String connection : java.util.List.of("ssl.truststore.location", "SSL.keystore.type",
                "sasl.jaas.config")) {
            assertThatExceptionOfType(InvalidPublisherConfigException.class)
                .isThrownBy(() -> config(Map.of(connection, "x")))
                .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("producerProperties." + connection))
                .withMessageContaining("belongs to the ConnectionProperties");
        }
    }

    @Test
    void aClientIdGivenIsKept() {
        assertThat(config(Map.of("client.id", "orders")).producerProperties()).containsEntry("client.id", "orders");
    }

    private static PublisherConfig config(Map<String, Object> producer) {
        return PublisherConfig.builder().label("test-pool").producerProperties(producer).build();
    }

}
