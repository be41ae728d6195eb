package dev.kafkapool.autoconfigure.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.publisher.ConnectionProperties;

/**
 * How every Kafka client of the pool connects: the trimmed broker list, the checked TLS material,
 * and the connection-level client settings given through {@code KAFKA_PRODUCER_*}. The producers,
 * the fail-fast and health admin clients, the broker probe and Spring Kafka's connection details
 * all take their settings from here and nowhere else. Immutable; a certificate reload makes a new
 * one ({@link #withTls}) and {@link PoolConnection} hands it out.
 */
public final class KafkaConnection {

    /**
     * Settings about the connection itself, not the producer: when given through
     * {@code KAFKA_PRODUCER_*} they apply to the admin clients too, so that every client resolves
     * and connects the same way.
     */
    static final Set<String> SHARED_CLIENT_SETTINGS = Set.of(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
            CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, CommonClientConfigs.SEND_BUFFER_CONFIG,
            CommonClientConfigs.RECEIVE_BUFFER_CONFIG);

    private final String label;

    private final List<String> brokers;

    private final TlsMaterial tls;

    private final Map<String, Object> sharedSettings;

    /** Made once: the pool tells which connection it delivers with by this instance. */
    private final ConnectionProperties forProducers;

    private KafkaConnection(String label, List<String> brokers, TlsMaterial tls, Map<String, Object> sharedSettings) {
        this.label = label;
        this.brokers = brokers;
        this.tls = tls;
        this.sharedSettings = sharedSettings;
        this.forProducers = ConnectionProperties.of(connectionProperties(), description());
    }

    /** The connection {@code properties} describe, secured by {@code tls}. */
    public static KafkaConnection of(KafkaPoolProperties properties, TlsMaterial tls) {
        return of(properties, properties.getBrokers(), tls);
    }

    /**
     * A connection to {@code brokers} (from a service connection, say), secured by {@code tls},
     * with the shared client settings of {@code properties}.
     */
    public static KafkaConnection of(KafkaPoolProperties properties, List<String> brokerList, TlsMaterial tls) {
        List<String> brokers = brokerList.stream()
            .map(String::trim)
            .filter((broker) -> !broker.isEmpty())
            .toList();
        Map<String, Object> shared = new LinkedHashMap<>();
        properties.getProducer().forEach((name, value) -> {
            if (SHARED_CLIENT_SETTINGS.contains(name)) {
                shared.put(name, value);
            }
        });
        return new KafkaConnection(properties.getLogLabel(), brokers, tls, Collections.unmodifiableMap(shared));
    }

    /** The same brokers and settings with other TLS material. */
    public KafkaConnection withTls(TlsMaterial tls) {
        return new KafkaConnection(this.label, this.brokers, tls, this.sharedSettings);
    }

    /** The bootstrap brokers, {@code host:port}, trimmed. */
    public List<String> brokers() {
        return this.brokers;
    }

    /** The bootstrap brokers as Kafka takes them: {@code host:port,host:port}. */
    public String bootstrapServers() {
        return String.join(",", this.brokers);
    }

    /** The TLS material: protocol, SSL bundle, client certificate. */
    public TlsMaterial tls() {
        return this.tls;
    }

    /** How the connection is made (protocol, TLS file paths), for logs; never key material. */
    public String description() {
        return this.tls.description();
    }

    /**
     * Client properties for a client of the pool with the given role ({@code health},
     * {@code startup-check}): bootstrap servers, security, the shared connection settings, and the
     * client id {@code <label>-<role>}.
     */
    public Map<String, Object> clientProperties(String role) {
        Map<String, Object> properties = connectionProperties();
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, this.label + "-" + role);
        return properties;
    }

    /** What the pool's producers connect with; their client ids are the pool's own. */
    public ConnectionProperties forProducers() {
        return this.forProducers;
    }

    private Map<String, Object> connectionProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.putAll(this.tls.clientProperties());
        properties.putAll(this.sharedSettings);
        return properties;
    }

    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers() + ", " + description() + "]";
    }

}
