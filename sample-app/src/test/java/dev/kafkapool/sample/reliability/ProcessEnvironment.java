package dev.kafkapool.sample.reliability;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkapool.testsupport.broker.KafkaCluster;

/** The {@code KAFKA_*} variables an operator would set for a sample app process. */
final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    static Map<String, String> mtls(KafkaCluster cluster, String topics, String... extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", cluster.bootstrapServers());
        env.put("KAFKA_TLS_CLIENT_CA", cluster.pki().caCertificate().toString());
        env.put("KAFKA_TLS_CLIENT_CERT", cluster.pki().client().certificate().toString());
        env.put("KAFKA_TLS_CLIENT_KEY", cluster.pki().client().privateKey().toString());
        env.put("KAFKA_TOPICS", topics);
        for (String pair : extra) {
            int equals = pair.indexOf('=');
            env.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return env;
    }

}
