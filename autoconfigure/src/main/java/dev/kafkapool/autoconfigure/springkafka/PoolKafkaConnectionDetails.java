package dev.kafkapool.autoconfigure.springkafka;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.connection.PoolConnection;

/**
 * {@link KafkaConnectionDetails} from the pool's connection: the same brokers, protocol and TLS
 * material as the pool's own clients, read when Spring Kafka connects: a client Spring Kafka built
 * before a certificate reload opens its next connections with the renewed material.
 */
final class PoolKafkaConnectionDetails implements KafkaConnectionDetails {

    private final PoolConnection connection;

    PoolKafkaConnectionDetails(PoolConnection connection) {
        this.connection = connection;
    }

    @Override
    public List<String> getBootstrapServers() {
        return this.connection.current().brokers();
    }

    /**
     * The current material, followed across certificate reloads ({@link CurrentSslBundle}); none
     * for PLAINTEXT.
     */
    @Override
    public SslBundle getSslBundle() {
        return (this.connection.current().tls().bundle() != null) ? new CurrentSslBundle(this.connection) : null;
    }

    @Override
    public String getSecurityProtocol() {
        return this.connection.current().tls().securityProtocol();
    }

}
