package dev.kafkapool.autoconfigure.springkafka;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/** {@link KafkaConnectionDetails} from {@code KAFKA_BROKERS} and the pool's TLS material. */
final class PoolKafkaConnectionDetails implements KafkaConnectionDetails {

    private final List<String> brokers;

    private final TlsMaterial tls;

    PoolKafkaConnectionDetails(List<String> brokers, TlsMaterial tls) {
        this.brokers = brokers.stream().map(String::trim).filter((broker) -> !broker.isEmpty()).toList();
        this.tls = tls;
    }

    @Override
    public List<String> getBootstrapServers() {
        return this.brokers;
    }

    @Override
    public SslBundle getSslBundle() {
        return this.tls.bundle();
    }

    @Override
    public String getSecurityProtocol() {
        return this.tls.securityProtocol();
    }

}
