package dev.kafkapool.testsupport.broker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.kafkapool.testsupport.pki.ClientIdentity;

/**
 * The kafka-pool starter's settings that point an application at a cluster, the way an operator
 * sets them: {@code KAFKA_BROKERS} and, for an mTLS cluster, the CA, client certificate and key
 * files of {@code KAFKA_TLS_CLIENT_*} with {@code KAFKA_TLS_ENABLED=true} and an empty
 * {@code KAFKA_TLS_BUNDLE} (so that an application configured for production with TLS off or an
 * SSL bundle meets the cluster unchanged); for a PLAINTEXT cluster {@code KAFKA_TLS_ENABLED=false}
 * with the bundle and the three files empty (over what the application's configuration names for
 * production, which the starter would otherwise report as set and not used).
 * As environment variables for a child process, or as the {@code kafka.*} properties they bind
 * to for an application in this JVM.
 */
public final class KafkaPoolSettings {

    private final Map<String, String> properties = new LinkedHashMap<>();

    private KafkaPoolSettings(KafkaCluster cluster, ClientIdentity client) {
        this.properties.put("kafka.brokers", cluster.bootstrapServers());
        if (cluster.security() == ListenerSecurity.SSL) {
            // over what the application's own configuration says for production: TLS off, or a bundle
            this.properties.put("kafka.tls.enabled", "true");
            this.properties.put("kafka.tls.bundle", "");
            this.properties.put("kafka.tls.client-ca", cluster.pki().caCertificate().toString());
            this.properties.put("kafka.tls.client-cert", client.certificate().toString());
            this.properties.put("kafka.tls.client-key", client.privateKey().toString());
            if (client.keyPassword() != null) {
                this.properties.put("kafka.tls.client-key-password", client.keyPassword());
            }
        }
        else {
            this.properties.put("kafka.tls.enabled", "false");
            this.properties.put("kafka.tls.bundle", "");
            this.properties.put("kafka.tls.client-ca", "");
            this.properties.put("kafka.tls.client-cert", "");
            this.properties.put("kafka.tls.client-key", "");
        }
    }

    /** The settings of {@code cluster} with the good client identity of its PKI. */
    public static KafkaPoolSettings of(KafkaCluster cluster) {
        return of(cluster, cluster.pki().client());
    }

    /** The settings of {@code cluster} with {@code client} as the TLS identity (for negative tests). */
    public static KafkaPoolSettings of(KafkaCluster cluster, ClientIdentity client) {
        return new KafkaPoolSettings(cluster, client);
    }

    /** The {@code kafka.*} properties, e.g. {@code kafka.brokers}; a new, modifiable map. */
    public Map<String, String> properties() {
        return new LinkedHashMap<>(this.properties);
    }

    /** The {@code KAFKA_*} environment variables, e.g. {@code KAFKA_BROKERS}; a new, modifiable map. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        this.properties.forEach((name, value) -> environment.put(variable(name), value));
        return environment;
    }

    /** {@code kafka.tls.client-ca} is {@code KAFKA_TLS_CLIENT_CA}, as the README's settings table names it. */
    private static String variable(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

}
