package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The shared broker speaks mTLS and only to clients whose certificate its CA signed. */
class MutualTlsBrokerTests {

    private final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void clientWithTheGeneratedIdentityPublishesAndConsumesARoundTrip() {
        this.cluster.createTopic("fixture-round-trip", 3);
        List<String> sent = List.of("alpha", "beta", "gamma");
        TestProducer.send(this.cluster.clientProperties(), "fixture-round-trip", sent);

        List<ConsumerRecord<String, String>> received = this.cluster.consume("fixture-round-trip", sent.size(),
                Duration.ofSeconds(30));

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void closingTheSharedClusterLeavesItRunningForTheTestsAfterThisOne() {
        // try (var cluster = KafkaCluster.shared()) stopped it, and every later test class timed out creating topics
        try (KafkaCluster closed = KafkaCluster.shared()) {
            assertThat(closed).isSameAs(this.cluster);
        }
        assertThat(KafkaCluster.shared().brokers()).allSatisfy((broker) -> assertThat(broker.isRunning()).isTrue());
        this.cluster.createTopic("fixture-shared-closed", 1);
        TestProducer.send(this.cluster.clientProperties(), "fixture-shared-closed", List.of("still-up"));
        assertThat(this.cluster.consume("fixture-shared-closed", 1, Duration.ofSeconds(30)))
            .extracting(ConsumerRecord::value)
            .containsExactly("still-up");
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip", "snappy", "lz4", "zstd" })
    void aProducerThatCompressesIsServedAsByAnyKafkaBroker(String compression) {
        // the broker decompresses each batch to validate it: its class path carries every codec
        String topic = "fixture-compressed-" + compression;
        this.cluster.createTopic(topic, 1);
        Map<String, Object> properties = new HashMap<>(this.cluster.clientProperties());
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        List<String> sent = List.of("one-" + compression, "two-" + compression, "three-" + compression);
        TestProducer.send(properties, topic, sent);

        List<ConsumerRecord<String, String>> received = this.cluster.consume(topic, sent.size(), Duration.ofSeconds(30));

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
    }

    @Test
    void clientWithoutCertificateIsRejected() {
        Map<String, Object> properties = this.cluster.clientProperties();
        properties.remove(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
        properties.remove(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> describeCluster(properties))
            .withCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void clientWithTheRogueCasCertificateIsRejected() {
        TestPki pki = this.cluster.pki();
        Map<String, Object> properties = this.cluster.clientProperties();
        properties.remove(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(pki.rogueClient().privateKey()));
        properties.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(pki.rogueClient().certificate()));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> describeCluster(properties))
            .withCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void clientThatDoesNotTrustTheBrokersCaIsRejected() {
        Map<String, Object> properties = this.cluster.clientProperties();
        properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, this.cluster.pki().rogueCaCertificate().toString());

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> describeCluster(properties))
            .withCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void plaintextClientGetsNoAnswerFromTheSslListener() {
        Map<String, Object> properties = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                this.cluster.bootstrapServers());

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> describeCluster(properties))
            .withCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    static void describeCluster(Map<String, Object> properties) throws Exception {
        Map<String, Object> withTimeouts = new java.util.HashMap<>(properties);
        withTimeouts.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        withTimeouts.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(withTimeouts)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}
