/**
 * The kafka-pool test kit ({@code kafka-pool-test}): real Apache Kafka brokers in child JVMs
 * ({@code broker}), the throwaway PKI they use ({@code pki}), {@code @EmbeddedKafkaCluster} for
 * JUnit 5 and Spring tests ({@code embedded}), and the child-JVM launcher ({@code process}). For
 * test class paths only.
 */
package dev.kafkapool.testsupport;
