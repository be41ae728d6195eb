/**
 * The pool's connection to Kafka, in one object: brokers and TLS material turned into the client
 * properties of every client the starter makes. What certificate reload replaces.
 */
package dev.kafkapool.autoconfigure.connection;
