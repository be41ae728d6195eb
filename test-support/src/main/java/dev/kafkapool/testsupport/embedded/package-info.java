/**
 * {@link dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster}: a real Kafka cluster for a
 * JUnit 5 test class, per class or shared by the test JVM, injected as a field or parameter; on a
 * {@code @SpringBootTest}, handed to the application before its context starts, as the
 * kafka-pool starter's {@code kafka.*} settings or as Spring Boot's {@code KafkaConnectionDetails}.
 * JUnit Jupiter and Spring are optional dependencies of the kit: only this package needs them.
 */
package dev.kafkapool.testsupport.embedded;
