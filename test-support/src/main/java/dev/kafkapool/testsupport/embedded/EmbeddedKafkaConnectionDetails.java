package dev.kafkapool.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;
import dev.kafkapool.testsupport.pki.ClientIdentity;

/**
 * Spring Boot's {@link KafkaConnectionDetails} of a cluster: its bootstrap servers, its security
 * protocol and, for mTLS, an SSL bundle of the PKI's CA and good client identity (PEM content, read
 * once). Only loaded in {@link ConnectionMode#CONNECTION_DETAILS}, so {@code spring-boot-kafka}
 * stays optional.
 */
final class EmbeddedKafkaConnectionDetails implements KafkaConnectionDetails {

    static final String BEAN = "embeddedKafkaConnectionDetails";

    private final List<String> bootstrapServers;

    private final ListenerSecurity security;

    private final SslBundle sslBundle;

    private EmbeddedKafkaConnectionDetails(KafkaCluster cluster) {
        this.bootstrapServers = cluster.brokers().stream().map((broker) -> broker.address()).toList();
        this.security = cluster.security();
        this.sslBundle = (this.security == ListenerSecurity.SSL) ? bundle(cluster) : null;
    }

    /** Registers the connection details of {@code cluster} as bean {@value #BEAN}. */
    static void register(ConfigurableListableBeanFactory beanFactory, KafkaCluster cluster) {
        beanFactory.registerSingleton(BEAN, new EmbeddedKafkaConnectionDetails(cluster));
    }

    @Override
    public List<String> getBootstrapServers() {
        return this.bootstrapServers;
    }

    @Override
    public SslBundle getSslBundle() {
        return this.sslBundle;
    }

    @Override
    public String getSecurityProtocol() {
        return this.security.name();
    }

    private static SslBundle bundle(KafkaCluster cluster) {
        ClientIdentity client = cluster.pki().client();
        PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate(read(client.certificate()))
            .withPrivateKey(read(client.privateKey()));
        PemSslStoreDetails trustStore = PemSslStoreDetails.forCertificate(read(cluster.pki().caCertificate()));
        return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore));
    }

    private static String read(Path pem) {
        try {
            return Files.readString(pem);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
