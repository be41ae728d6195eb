package dev.kafkapool.publisher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where and how the pool's producers connect: the Kafka client properties of the connection
 * (bootstrap servers, security protocol, the TLS engine and its material), apart from the
 * producer's own settings in {@link PublisherConfig}, so that a pool can move to new ones (a
 * rotated certificate) while it runs. Immutable; its description names the brokers and where the
 * TLS material comes from, never the material.
 */
public final class ConnectionProperties {

    private final Map<String, Object> properties;

    private final String description;

    private ConnectionProperties(Map<String, Object> properties, String description) {
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * @param properties Kafka client properties: at least {@code bootstrap.servers}
     * @param description how the connection is made, for logs (no secrets)
     * @throws IllegalArgumentException if {@code properties} hold a setting without a name, or one that would break
     * what the pool promises as {@link PublisherConfig} refuses it among the producer properties
     * ({@code partitioner.class}, {@code partitioner.ignore.keys=true}, {@code transactional.id}, an
     * {@code ssl.endpoint.identification.algorithm} other than {@code https}): the producers take both maps, so one
     * Kafka properties file given here must not bring them in unchecked
     */
    public static ConnectionProperties of(Map<String, Object> properties, String description) {
        Objects.requireNonNull(properties, "properties");
        properties.forEach((name, value) -> {
            if (name == null) {
                throw new IllegalArgumentException("The connection properties hold a setting without a name (a null "
                        + "key)");
            }
            String problem = PromiseBreakingSettings.problem(name, value);
            if (problem != null) {
                throw new IllegalArgumentException("Connection property " + name + " " + problem);
            }
        });
        return new ConnectionProperties(properties, description);
    }

    /** The client properties. */
    public Map<String, Object> properties() {
        return this.properties;
    }

    /** The bootstrap servers, as configured, or {@code ""}. */
    public String bootstrapServers() {
        Object servers = this.properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers instanceof Iterable<?> list) {
            StringBuilder joined = new StringBuilder();
            list.forEach((server) -> joined.append(joined.isEmpty() ? "" : ",").append(server));
            return joined.toString();
        }
        return (servers != null) ? servers.toString() : "";
    }

    /** How the connection is made (protocol, where TLS material comes from), for logs. */
    public String description() {
        return this.description;
    }

    @Override
    public String toString() {
        return "ConnectionProperties[" + bootstrapServers() + ", " + this.description + "]";
    }

}
