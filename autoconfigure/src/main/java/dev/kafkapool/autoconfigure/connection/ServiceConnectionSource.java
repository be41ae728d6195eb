package dev.kafkapool.autoconfigure.connection;

import java.util.Optional;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;

/**
 * A Kafka connection the application already has from a Spring Boot service connection
 * (Testcontainers' {@code @ServiceConnection}) or a bean of its own: the pool uses it when
 * {@code KAFKA_BROKERS} is not set. Kept apart from Spring Kafka's types, which are optional.
 */
public interface ServiceConnectionSource {

    /** Which service connection the application has, for the startup log; empty when it has none. */
    Optional<String> name();

    /**
     * The connection it describes, with the pool's own client settings.
     * @throws dev.kafkapool.autoconfigure.KafkaPoolStartupException when the pool cannot use it
     */
    KafkaConnection connection(KafkaPoolProperties properties);

}
