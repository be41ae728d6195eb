package dev.kafkapool.testsupport.embedded;

/** Which test classes an {@link EmbeddedKafkaCluster} serves, and so when it stops. */
public enum ClusterScope {

    /**
     * One cluster per shape (brokers, security, topic auto-creation) for the whole test JVM,
     * stopped when the JVM exits. The one-broker mTLS cluster is {@code KafkaCluster.shared()}.
     * Use topics of your own; freeze or kill nothing.
     */
    SHARED,

    /**
     * A cluster of the test class alone (its {@code @Nested} classes included), started before
     * it and closed after it, once its Spring application context, if any, is closed.
     */
    CLASS

}
