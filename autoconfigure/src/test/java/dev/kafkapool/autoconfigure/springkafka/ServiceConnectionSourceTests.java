package dev.kafkapool.autoconfigure.springkafka;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** Which connection the pool takes when the application has a Kafka service connection, without a broker. */
@ExtendWith(OutputCaptureExtension.class)
class ServiceConnectionSourceTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPoolServiceConnectionAutoConfiguration.class,
                KafkaPublisherAutoConfiguration.class, KafkaPoolSpringKafkaAutoConfiguration.class));

    private ApplicationContextRunner withEnv(String... variables) {
        return this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                KafkaPoolTestEnvironment.with(Map.of(), with("KAFKA_FAIL_FAST=false", "KAFKA_SHUTDOWN_TIMEOUT=0s",
                        variables))));
    }

    private static String[] with(String first, String second, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    @Test
    void aPlaintextDevContainerIsUsedWithAWarningWhenKafkaBrokersIsNotSet(CapturedOutput output) {
        withEnv().withBean("containerDetails", KafkaConnectionDetails.class, () -> () -> List.of("localhost:19092"))
            .run((context) -> {
                PoolConnection connection = context.getBean(PoolConnection.class);
                assertThat(connection.current().brokers()).containsExactly("localhost:19092");
                assertThat(connection.current().tls().securityProtocol()).isEqualTo("PLAINTEXT");
                assertThat(output).contains("KAFKA_BROKERS is not set: the pool connects through the application's "
                        + "Kafka service connection")
                    .contains("is PLAINTEXT: records cross the network unencrypted");
            });
    }

    @Test
    void kafkaBrokersWinsOverAServiceConnectionAndTheLogSaysSo(CapturedOutput output) {
        TestPki pki = TestPki.shared();
        withEnv("KAFKA_BROKERS=localhost:1", "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(),
                "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(), "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey())
            .withBean("containerDetails", KafkaConnectionDetails.class, () -> () -> List.of("localhost:19092"))
            .run((context) -> {
                PoolConnection connection = context.getBean(PoolConnection.class);
                assertThat(connection.current().brokers()).containsExactly("localhost:1");
                assertThat(connection.current().tls().securityProtocol()).isEqualTo("SSL");
                assertThat(output).contains("KAFKA_BROKERS is set and wins");
                // Spring Kafka keeps the application's own connection details
                assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly("localhost:19092");
            });
    }

    @Test
    void kafkaBrokersSetAsAPropertyIsNamedAsThePropertyWhenItWins(CapturedOutput output) {
        // "KAFKA_BROKERS is set and wins" sent a user to look for a variable that did not exist
        withEnv("KAFKA_TLS_ENABLED=false").withPropertyValues("kafka.brokers=localhost:1")
            .withBean("containerDetails", KafkaConnectionDetails.class, () -> () -> List.of("localhost:19092"))
            .run((context) -> {
                assertThat(context.getBean(PoolConnection.class).current().brokers()).containsExactly("localhost:1");
                assertThat(output).contains("kafka.brokers is set and wins").doesNotContain("KAFKA_BROKERS is set");
            });
    }

    @Test
    void withKafkaBrokersAndNoServiceConnectionSpringKafkaGetsThePoolsConnectionWithoutACycle() {
        TestPki pki = TestPki.shared();
        withEnv("KAFKA_BROKERS=localhost:1", "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(),
                "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(), "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey())
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(KafkaConnectionDetails.class)).isInstanceOf(PoolKafkaConnectionDetails.class);
                assertThat(context.getBean(PoolConnection.class).current().brokers()).containsExactly("localhost:1");
            });
    }

    @Test
    void withNeitherKafkaBrokersNorAServiceConnectionStartupFailsNamingBoth() {
        withEnv().run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure())).hasMessageContaining("KAFKA_BROKERS")
            .hasMessageContaining("no Kafka service connection")
            .satisfies((ex) -> assertThat(ex.action()).contains("@ServiceConnection")));
    }

    @Test
    void twoServiceConnectionsAreRefusedNamingThem() {
        withEnv().withBean("first", KafkaConnectionDetails.class, () -> () -> List.of("localhost:19092"))
            .withBean("second", KafkaConnectionDetails.class, () -> () -> List.of("localhost:29092"))
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure())).hasMessageContaining("2 Kafka service connections")
                .hasMessageContaining("localhost:19092")
                .hasMessageContaining("localhost:29092"));
    }

    @Test
    void aSecuredServiceConnectionWithoutAnSslBundleIsRefused() {
        KafkaConnectionDetails sasl = new KafkaConnectionDetails() {

            @Override
            public List<String> getBootstrapServers() {
                return List.of("localhost:19093");
            }

            @Override
            public String getSecurityProtocol() {
                return "SASL_SSL";
            }

        };
        withEnv().withBean("saslDetails", KafkaConnectionDetails.class, () -> sasl)
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure())).hasMessageContaining("SASL_SSL")
                .hasMessageContaining("without an SSL bundle"));
    }

}
