package dev.kafkapool.autoconfigure.springkafka;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;

/**
 * {@link KafkaConnectionDetails} from the pool's connection: the same brokers, protocol and TLS
 * material as the pool's own clients, read when Spring Kafka connects: a client Spring Kafka built
 * before a certificate reload opens its next connections with the renewed material once the pool's
 * workers deliver with it (a renewal the brokers refuse is not followed).
 */
final class PoolKafkaConnectionDetails implements KafkaConnectionDetails {

    private final PoolConnection connection;

    private final Supplier<KafkaConnection> inUse;

    /**
     * @param connection the pool's connection
     * @param inUse the connection whose TLS material new connections take: the one the pool's
     * workers deliver with, or the current one without a pool
     */
    PoolKafkaConnectionDetails(PoolConnection connection, Supplier<KafkaConnection> inUse) {
        this.connection = connection;
        this.inUse = inUse;
    }

    @Override
    public List<String> getBootstrapServers() {
        return this.connection.current().brokers();
    }

    /** The material in use, followed across certificate reloads ({@link CurrentSslBundle}); none for PLAINTEXT. */
    @Override
    public SslBundle getSslBundle() {
        return (this.connection.current().tls().bundle() != null) ? new CurrentSslBundle(this.inUse) : null;
    }

    @Override
    public String getSecurityProtocol() {
        return this.connection.current().tls().securityProtocol();
    }

}
