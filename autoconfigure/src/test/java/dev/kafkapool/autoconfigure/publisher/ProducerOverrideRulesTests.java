package dev.kafkapool.autoconfigure.publisher;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.publisher.PublisherConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which {@code KAFKA_PRODUCER_*} settings pass and which stop startup, by the route a user takes
 * ({@code kafka.producer.*} into the pool's {@link PublisherConfig}): each refused one is named
 * by its environment variable with the cause and the action; Kafka's own parser judges the rest.
 */
class ProducerOverrideRulesTests {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            security.protocol                     | PLAINTEXT      | mTLS
            security.protocol                     | SSL            | mTLS
            sasl.mechanism                        | PLAIN          | SASL is not supported
            sasl.jaas.config                      | x required;    | SASL is not supported
            sasl.login.class                      | a.B            | SASL is not supported
            ssl.keystore.location                 | /tls/k.p12     | builds TLS from KAFKA_TLS_*
            ssl.keystore.password                 | changeit       | builds TLS from KAFKA_TLS_*
            ssl.keystore.type                     | PKCS12         | builds TLS from KAFKA_TLS_*
            ssl.keystore.key                      | k              | builds TLS from KAFKA_TLS_*
            ssl.truststore.location               | /tls/t.p12     | builds TLS from KAFKA_TLS_*
            ssl.truststore.certificates           | c              | builds TLS from KAFKA_TLS_*
            ssl.key.password                      | changeit       | builds TLS from KAFKA_TLS_*
            ssl.engine.factory.class              | a.Factory      | builds TLS from KAFKA_TLS_*
            ssl.keymanager.algorithm              | SunX509        | builds TLS from KAFKA_TLS_*
            ssl.trustmanager.algorithm            | PKIX           | builds TLS from KAFKA_TLS_*
            ssl.protocol                          | TLSv1.2        | builds TLS from KAFKA_TLS_*
            ssl.enabled.protocols                 | TLSv1.2        | builds TLS from KAFKA_TLS_*
            ssl.cipher.suites                     | TLS_AES_128    | builds TLS from KAFKA_TLS_*
            ssl.endpoint.identification.algorithm | ""             | hostname verification off
            ssl.endpoint.identification.algorithm | none           | hostname verification off
            partitioner.class                     | a.Partitioner  | per-key order
            partitioner.ignore.keys               | true           | per-key order
            partitioner.ignore.keys               | YES            | per-key order
            partitioner.ignore.keys               | 1              | per-key order
            acks                                  | 1              | promises acks=all
            acks                                  | 0              | promises acks=all
            enable.idempotence                    | false          | without idempotence
            enable.idempotence                    | Off            | without idempotence
            enable.idempotence                    | 0              | without idempotence
            max.block.ms                          | 60000          | no thread ever blocks
            max.block.ms                          | 0              | no thread ever blocks
            bootstrap.servers                     | evil:9092      | come from KAFKA_BROKERS
            key.serializer                        | a.Serializer   | as the bytes of each KafkaMessage
            value.serializer                      | a.Serializer   | as the bytes of each KafkaMessage
            transactional.id                      | tx-1           | not transactional
            kafka-pool.ssl-bundle                 | other          | checked TLS material
            """)
    void aSettingThatBreaksAGuaranteeStopsStartupNamingItsVariable(String name, String value, String cause) {
        String variable = SettingNames.env("kafka.producer." + name);
        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> create(name, value))
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo(variable);
                assertThat(ex.problem()).contains(variable).contains(name).contains(cause);
                assertThat(ex.action()).startsWith("Unset " + variable);
                assertThat(ex.context()).contains("KAFKA_BROKERS=localhost:1");
            });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            client.id                               | orders-service
            linger.ms                               | 5
            batch.size                              | 65536
            compression.type                        | zstd
            compression.zstd.level                  | 3
            buffer.memory                           | 67108864
            delivery.timeout.ms                     | 120000
            request.timeout.ms                      | 30000
            max.request.size                        | 2097152
            max.in.flight.requests.per.connection   | 5
            max.in.flight.requests.per.connection   | 1
            retries                                 | 10
            retry.backoff.ms                        | 200
            client.dns.lookup                       | use_all_dns_ips
            socket.connection.setup.timeout.ms      | 5000
            socket.connection.setup.timeout.max.ms  | 30000
            reconnect.backoff.ms                    | 100
            reconnect.backoff.max.ms                | 2000
            send.buffer.bytes                       | 131072
            receive.buffer.bytes                    | 65536
            connections.max.idle.ms                 | 60000
            metadata.max.age.ms                     | 60000
            metadata.max.idle.ms                    | 60000
            metadata.recovery.strategy              | rebootstrap
            partitioner.adaptive.partitioning.enable | false
            partitioner.ignore.keys                 | false
            acks                                    | all
            acks                                    | -1
            enable.idempotence                      | true
            ssl.endpoint.identification.algorithm   | https
            ssl.endpoint.identification.algorithm   | HTTPS
            interceptor.classes                     | dev.kafkapool.autoconfigure.publisher.ProducerOverrideRulesTests$NoInterceptor
            """)
    void aSettingThatKeepsTheGuaranteesPassesThrough(String name, String value) {
        // acks=-1 is acks=all by another name: the pool writes it as all
        String expected = ("acks".equals(name) && "-1".equals(value)) ? "all" : value;
        assertThat(producerSettings(name, value)).containsEntry(name, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "enable.idempotence, yes, true", "enable.idempotence, ON, true", "enable.idempotence, 1, true",
            "partitioner.ignore.keys, no, false", "partitioner.ignore.keys, 0, false" })
    void aKafkaSwitchTakesEverySpellingOfTheOtherSwitches(String name, String value, String kafkaValue) {
        assertThat(producerSettings(name, value)).containsEntry(name, kafkaValue);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            linger.ms                             | abc    | Invalid value abc for configuration linger.ms
            batch.size                            | -1     | Invalid value -1 for configuration batch.size
            compression.type                      | brotli | Invalid value brotli for configuration compression.type
            max.in.flight.requests.per.connection | 6      | max.in.flight.requests.per.connection must be set to at most 5
            retries                               | 0      | retries to non-zero
            acks                                  | ALL    | Invalid value ALL for configuration acks
            enable.idempotence                    | maybe  | Invalid value maybe for configuration enable.idempotence
            delivery.timeout.ms                   | 1000   | delivery.timeout.ms should be equal to or larger than
            """)
    void aValueKafkaRejectsStopsStartupWithKafkasMessageNamingTheVariable(String name, String value, String message) {
        String variable = SettingNames.env("kafka.producer." + name);
        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> create(name, value))
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo(variable);
                assertThat(ex.problem()).startsWith("Kafka rejects the producer settings: ").contains(message);
                assertThat(ex.action()).isEqualTo("Correct or unset " + variable);
            });
    }

    @Test
    void kafkaNamesOnlyTheSettingsItsMessageIsAbout() {
        KafkaPoolProperties properties = properties();
        properties.getProducer().put("linger.ms", "5");
        properties.getProducer().put("max.in.flight.requests.per.connection", "9");
        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> create(properties))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("KAFKA_PRODUCER_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION"));
    }

    @Test
    void aRefusedSecretIsNeverRepeatedInTheReport() {
        for (String name : List.of("ssl.keystore.password", "ssl.key.password", "sasl.jaas.config", "ssl.keystore.key")) {
            assertThatExceptionOfType(KafkaPoolStartupException.class)
                .isThrownBy(() -> create(name, "s3cret-material"))
                .satisfies((ex) -> assertThat(ex.getMessage() + ex.action() + ex.context())
                    .doesNotContain("s3cret-material"));
        }
    }

    @Test
    void thePoolsOwnSettingsAreInForce() {
        assertThat(producerSettings("linger.ms", "5")).containsEntry("acks", "all")
            .containsEntry("enable.idempotence", "true")
            .containsEntry("bootstrap.servers", "localhost:1")
            .containsEntry("security.protocol", "PLAINTEXT");
    }

    private static PublisherConfig create(String name, String value) {
        KafkaPoolProperties properties = properties();
        properties.getProducer().put(name, value);
        return create(properties);
    }

    /** What a producer of the pool is created with: the connection's settings and its own. */
    private static Map<String, Object> producerSettings(String name, String value) {
        KafkaPoolProperties properties = properties();
        properties.getProducer().put(name, value);
        Map<String, Object> settings = new java.util.HashMap<>(
                KafkaConnection.of(properties, TlsMaterial.plaintext()).forProducers().properties());
        settings.putAll(create(properties).producerProperties());
        return settings;
    }

    /** The pool's configuration from {@code properties}, as the auto-configuration builds it. */
    static PublisherConfig create(KafkaPoolProperties properties) {
        PoolSettings settings = new PoolSettings(properties);
        return settings.toConfig(ProducerProperties.build(properties,
                KafkaConnection.of(properties, TlsMaterial.plaintext()), List.of(),
                (customizer) -> customizer.getClass().getName(), settings.context()));
    }

    private static KafkaPoolProperties properties() {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.setBrokers(List.of("localhost:1"));
        return properties;
    }

    /** A real interceptor class, so that Kafka's parser can load it. */
    public static final class NoInterceptor implements ProducerInterceptor<byte[], byte[]> {

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

    }

}
