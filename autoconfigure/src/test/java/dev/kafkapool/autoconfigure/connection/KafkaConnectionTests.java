package dev.kafkapool.autoconfigure.connection;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection object feeds every client of the pool. */
class KafkaConnectionTests {

    @Test
    void brokersAreTrimmedOnceForEveryClient() {
        KafkaConnection connection = KafkaConnection.of(properties(" b1:9093 ", "", "b2:9093"), TlsMaterial.plaintext());

        assertThat(connection.brokers()).containsExactly("b1:9093", "b2:9093");
        assertThat(connection.clientProperties("health")).containsEntry("bootstrap.servers", "b1:9093,b2:9093");
        assertThat(connection.forProducers().properties()).containsEntry("bootstrap.servers", "b1:9093,b2:9093");
    }

    @Test
    void eachClientIsNamedByThePoolsLabelAndItsRole() {
        KafkaPoolProperties properties = properties("b1:9093");
        properties.setLogLabel("orders-pool");
        KafkaConnection connection = KafkaConnection.of(properties, TlsMaterial.plaintext());

        assertThat(connection.clientProperties("health")).containsEntry("client.id", "orders-pool-health");
        assertThat(connection.clientProperties("startup-check")).containsEntry("client.id", "orders-pool-startup-check");
        assertThat(connection.forProducers().properties()).doesNotContainKey("client.id");
    }

    @Test
    void connectionSettingsGivenForTheProducerApplyToEveryClientAndProducerTuningOnlyToProducers() {
        KafkaPoolProperties properties = properties("b1:9093");
        properties.getProducer().putAll(Map.of("client.dns.lookup", "resolve_canonical_bootstrap_servers_only",
                "socket.connection.setup.timeout.ms", "5000", "linger.ms", "5"));
        KafkaConnection connection = KafkaConnection.of(properties, TlsMaterial.plaintext());

        for (Map<String, Object> client : List.of(connection.clientProperties("health"),
                connection.forProducers().properties())) {
            assertThat(client).containsEntry("client.dns.lookup", "resolve_canonical_bootstrap_servers_only")
                .containsEntry("socket.connection.setup.timeout.ms", "5000")
                .containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKey("linger.ms");
        }
    }

    @Test
    void aReplacedConnectionIsWhatEveryoneGetsNextAndListenersHearOfIt() {
        KafkaConnection first = KafkaConnection.of(properties("b1:9093"), TlsMaterial.plaintext());
        PoolConnection pool = new PoolConnection(first);
        KafkaConnection[] heard = new KafkaConnection[1];
        pool.onReplace((next) -> heard[0] = next);

        KafkaConnection second = first.withTls(TlsMaterial.plaintext());
        pool.replace(second);

        assertThat(pool.current()).isSameAs(second);
        assertThat(heard[0]).isSameAs(second);
        assertThat(second.brokers()).isEqualTo(first.brokers());
    }

    @Test
    void theConnectionDeliveredWithIsFoundByWhatThePoolWasGivenEvenAfterAStormOfRefusedRenewals() {
        KafkaConnection first = KafkaConnection.of(properties("b1:9093"), TlsMaterial.plaintext());
        PoolConnection pool = new PoolConnection(first);
        assertThat(first.forProducers()).as("one instance: the pool names its connection by it")
            .isSameAs(first.forProducers());
        List<KafkaConnection> renewals = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * PoolConnection.KEPT; i++) {
            KafkaConnection next = first.withTls(TlsMaterial.plaintext());
            renewals.add(next);
            pool.replace(next);
        }

        // the workers stayed on the first while every renewal waited
        assertThat(pool.delivering(first.forProducers())).isSameAs(first);
        // then moved to the newest: the older ones are forgotten
        KafkaConnection newest = renewals.get(renewals.size() - 1);
        assertThat(pool.delivering(newest.forProducers())).isSameAs(newest);
        assertThat(pool.delivering(first.forProducers())).as("forgotten: the current one").isSameAs(newest);
    }

    private static KafkaPoolProperties properties(String... brokers) {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.setBrokers(List.of(brokers));
        return properties;
    }

}
