/**
 * Test fixtures shared by every module: a throwaway PKI ({@code pki}) and real Apache Kafka
 * brokers in child JVMs ({@code broker}). Never on a production class path.
 */
package dev.kafkapool.testsupport;
