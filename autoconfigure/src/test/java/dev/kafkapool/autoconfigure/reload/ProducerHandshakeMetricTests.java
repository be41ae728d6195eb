package dev.kafkapool.autoconfigure.reload;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a renewal's warm-up relies on when no topic can be asked about (nothing delivered yet, no
 * allow-list): a Kafka producer asks the brokers for metadata at its start, sending no record, and
 * counts their answers in {@code response-total}; one whose certificate the brokers refuse has none,
 * though (TLS 1.3) it counts its handshakes as successful authentications. With Kafka's real
 * producer against a real mTLS broker.
 */
class ProducerHandshakeMetricTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void aProducerThatSendsNothingHasAnAnswerFromTheBrokers() {
        try (Producer<byte[], byte[]> producer = producer(cluster.clientProperties())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(producer, "response-total") > 0);
        }
    }

    @Test
    void aProducerWhoseCertificateTheBrokersRefuseHasNoAnswer() {
        TestPki pki = cluster.pki();
        Map<String, Object> rogue = cluster.clientProperties();
        rogue.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, pki.keyStoreOf(pki.rogueClient(), "handshake-rogue").toString());
        try (Producer<byte[], byte[]> producer = producer(rogue)) {
            // several attempts, each refused after the client's side of the handshake
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(producer, "connection-creation-total") >= 3);
            assertThat(metric(producer, "response-total")).isZero();
        }
    }

    private static Producer<byte[], byte[]> producer(Map<String, Object> properties) {
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static double metric(Producer<byte[], byte[]> producer, String name) {
        return producer.metrics().entrySet().stream()
            .filter((metric) -> name.equals(metric.getKey().name()) && "producer-metrics".equals(metric.getKey().group()))
            .mapToDouble((metric) -> ((Number) metric.getValue().metricValue()).doubleValue())
            .findFirst()
            .orElse(-1);
    }

}
