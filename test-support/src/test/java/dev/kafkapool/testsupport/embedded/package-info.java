/** Tests of {@code @EmbeddedKafkaCluster}: plain JUnit and Spring, each connection mode, shapes and lifecycles. */
package dev.kafkapool.testsupport.embedded;
