/**
 * Real Apache Kafka brokers (KRaft, combined mode) run as child JVMs on loopback, over mTLS or
 * PLAINTEXT, with stop, kill, freeze, resume and restart controls for fault tests.
 */
package dev.kafkapool.testsupport.broker;
