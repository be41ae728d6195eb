/**
 * The kafka-pool test kit ({@code kafka-pool-test}): real Apache Kafka brokers in child JVMs
 * ({@code broker}), the throwaway PKI they use ({@code pki}), {@code @EmbeddedKafkaCluster} for
 * JUnit 5 and Spring tests ({@code embedded}), the child-JVM launcher ({@code process}), and a
 * training run for JVM archives against a throwaway broker ({@code training}, which the sample
 * app's Dockerfile runs in a build stage). For test class paths and build stages only.
 */
package dev.kafkapool.testsupport;
