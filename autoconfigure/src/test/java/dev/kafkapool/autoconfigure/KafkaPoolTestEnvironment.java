package dev.kafkapool.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;

/**
 * {@code KAFKA_*} environment variables for tests, fed through a real system-environment
 * property source (named {@code systemEnvironment}, as Spring Boot's relaxed binding of
 * environment variables requires).
 */
public final class KafkaPoolTestEnvironment {

    private KafkaPoolTestEnvironment() {
    }

    /** Brokers and the good client identity of {@code cluster}. */
    public static Map<String, Object> mtls(KafkaCluster cluster) {
        return mtls(cluster, cluster.pki().client());
    }

    /** Brokers of {@code cluster} with {@code client}'s certificate and key. */
    public static Map<String, Object> mtls(KafkaCluster cluster, ClientIdentity client) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("KAFKA_BROKERS", cluster.bootstrapServers());
        variables.put("KAFKA_TLS_CLIENT_CA", cluster.pki().caCertificate().toString());
        variables.put("KAFKA_TLS_CLIENT_CERT", client.certificate().toString());
        variables.put("KAFKA_TLS_CLIENT_KEY", client.privateKey().toString());
        if (client.keyPassword() != null) {
            variables.put("KAFKA_TLS_CLIENT_KEY_PASSWORD", client.keyPassword());
        }
        return variables;
    }

    /** Replaces the context's system environment with {@code variables}. */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> systemEnvironment(
            Map<String, Object> variables) {
        return (context) -> context.getEnvironment()
            .getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
    }

    /** {@code base} plus {@code name=value} pairs. */
    public static Map<String, Object> with(Map<String, Object> base, String... pairs) {
        Map<String, Object> variables = new LinkedHashMap<>(base);
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            variables.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return variables;
    }

}
