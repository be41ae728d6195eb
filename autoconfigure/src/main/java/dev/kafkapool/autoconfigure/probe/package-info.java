/**
 * Probing the brokers below the Kafka client, to say in plain words why a connection fails: the
 * socket probe ({@link dev.kafkapool.autoconfigure.probe.BrokerProbe}), the pure reading of a failed
 * TLS conversation, the doctor that examines every broker, and the runtime diagnosis that runs it
 * again when deliveries start failing.
 */
package dev.kafkapool.autoconfigure.probe;
