package dev.kafkapool.testsupport.broker;

/** Security protocol of the brokers' client listener. */
public enum ListenerSecurity {

    /** TLS with {@code ssl.client.auth=required}: clients must present a certificate the CA signed. */
    SSL,

    /** No TLS at all: only for negative tests ("TLS client against a plaintext listener"). */
    PLAINTEXT

}
