package dev.kafkapool.testsupport.embedded;

/** How {@link EmbeddedKafkaCluster} hands the cluster to a Spring application context. */
public enum ConnectionMode {

    /**
     * The kafka-pool starter's settings as properties of the highest precedence:
     * {@code kafka.brokers} and {@code kafka.tls.client-ca}, {@code -cert}, {@code -key} (the
     * {@code KAFKA_*} variables), or {@code kafka.tls.enabled=false} for PLAINTEXT.
     */
    KAFKA_PROPERTIES,

    /**
     * A {@code KafkaConnectionDetails} bean (Spring Boot's service connection for Kafka): the
     * bootstrap servers, the security protocol and an SSL bundle of the generated PKI. Spring
     * Kafka's templates, listeners and admin use it; needs {@code spring-boot-kafka}.
     */
    CONNECTION_DETAILS

}
