package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.ec;
import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.generate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Client keys of each type Java 17's TLS signs with authenticate the auto-configured pool to a real
 * Kafka broker that requires a client certificate: what is published is consumed back. DSA, which
 * the loader refuses, is shown failing against the same broker over TLS 1.3.
 */
class ClientKeyTypesIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaPublisherAutoConfiguration.class));

    static Stream<Arguments> clientsOfEachKeyType() {
        TestPki pki = cluster.pki();
        return Stream.of(Arguments.of("ed25519", pki.ed25519Client()), Arguments.of("rsa-pss", pki.rsaPssClient()),
                Arguments.of("ed448", pki.issueClient("mtls-ed448", generate("Ed448"))),
                Arguments.of("ec-p384", pki.issueClient("mtls-p384", ec("secp384r1"))),
                Arguments.of("ec-p521", pki.issueClient("mtls-p521", ec("secp521r1"))));
    }

    @ParameterizedTest(name = "{0} client key")
    @MethodSource("clientsOfEachKeyType")
    void aClientWithThisKeyTypePublishesOverMutualTlsAndTheRecordIsConsumedBack(String type, ClientIdentity client) {
        String topic = "tls-key-" + type;
        cluster.createTopic(topic, 1);
        String value = "signed in with " + type;
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster, client)))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                Delivery delivery = context.getBean(KafkaPublisher.class)
                    .publish(KafkaMessage.of(topic, type, value))
                    .get(30, TimeUnit.SECONDS);
                assertThat(delivery.topic()).isEqualTo(topic);
            });

        assertThat(cluster.consume(topic, 1, Duration.ofSeconds(30)))
            .extracting(ConsumerRecord::key, ConsumerRecord::value)
            .containsExactly(tuple(type, value));
    }

    @Test
    void aDsaClientKeyStopsStartupBeforeAnyConnectionWithTheReason() {
        ClientIdentity dsa = cluster.pki().issueClient("mtls-dsa-refused", generate("DSA"));

        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster, dsa)))
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(KafkaPoolStartupException.class)
                .hasMessageContaining("which cannot authenticate a TLS 1.3 client"));
    }

    /** Why the loader refuses DSA: the same bundle it would build fails the handshake under TLS 1.3, and only there. */
    @Test
    void aDsaClientKeyFailsTheHandshakeOverTls13AndAuthenticatesOnlyOverTls12() throws Exception {
        ClientIdentity dsa = cluster.pki().issueClient("mtls-dsa", generate("DSA"));

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> describeCluster(bundle(dsa, SslOptions.NONE)))
            .havingCause()
            .isInstanceOf(SslAuthenticationException.class)
            .withMessageContaining("Failed to process post-handshake messages");
        assertThat(describeCluster(bundle(dsa, SslOptions.of(null, new String[] { "TLSv1.2" })))).isNotBlank();
    }

    /** A bundle as {@link PemFileTlsLoader} builds it, without its checks. */
    private static SslBundle bundle(ClientIdentity client, SslOptions options) throws IOException {
        PemContent key = PemContent.load(client.privateKey());
        PemSslStore keyStore = PemSslStore.of(PemContent.load(client.certificate()).getCertificates(), key.getPrivateKey());
        PemSslStore trustStore = PemSslStore.of(PemContent.load(cluster.pki().caCertificate()).getCertificates(), null);
        return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore), null, options);
    }

    private static String describeCluster(SslBundle bundle) throws Exception {
        Map<String, Object> properties = new HashMap<>(TlsMaterial.ssl(bundle, null, "test").clientProperties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(properties)) {
            return admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        }
    }

}
