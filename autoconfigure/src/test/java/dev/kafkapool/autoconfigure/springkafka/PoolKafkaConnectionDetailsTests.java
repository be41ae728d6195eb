package dev.kafkapool.autoconfigure.springkafka;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Kafka's connection details follow the pool's material across a certificate reload. */
class PoolKafkaConnectionDetailsTests {

    private static final TestPki pki = TestPki.shared();

    @Test
    void aBundleTakenBeforeAReloadShowsTheRenewedCertificateAfterIt() throws Exception {
        PoolConnection connection = new PoolConnection(KafkaConnection.of(properties(pki.client()), material(pki.client())));
        SslBundle bundle = new PoolKafkaConnectionDetails(connection, connection::current).getSslBundle();
        assertThat(subject(bundle)).contains(TestPki.CLIENT_SUBJECT);

        connection.replace(connection.current().withTls(material(pki.ecClient())));

        assertThat(subject(bundle)).isEqualTo(subject(connection.current().tls().bundle()))
            .doesNotContain(TestPki.CLIENT_SUBJECT);
        assertThat(bundle.createSslContext()).isNotNull();
    }

    @Test
    void aRenewalThePoolsWorkersHaveNotMovedToIsNotFollowed() throws Exception {
        KafkaConnection first = KafkaConnection.of(properties(pki.client()), material(pki.client()));
        PoolConnection connection = new PoolConnection(first);
        KafkaConnection[] delivering = { first };
        SslBundle bundle = new PoolKafkaConnectionDetails(connection, () -> delivering[0]).getSslBundle();

        connection.replace(first.withTls(material(pki.ecClient())));
        assertThat(subject(bundle)).as("refused by the brokers so far").contains(TestPki.CLIENT_SUBJECT);

        delivering[0] = connection.current();
        assertThat(subject(bundle)).doesNotContain(TestPki.CLIENT_SUBJECT);
    }

    @Test
    void plaintextHasNoBundle() {
        KafkaPoolProperties properties = properties(pki.client());
        properties.getTls().setEnabled(false);
        PoolConnection connection = new PoolConnection(KafkaConnection.of(properties, TlsMaterial.plaintext()));

        assertThat(new PoolKafkaConnectionDetails(connection, connection::current).getSslBundle()).isNull();
    }

    private static String subject(SslBundle bundle) throws Exception {
        KeyStore keys = bundle.getStores().getKeyStore();
        for (String alias : Collections.list(keys.aliases())) {
            if (keys.getCertificate(alias) instanceof X509Certificate certificate) {
                return certificate.getSubjectX500Principal().getName();
            }
        }
        throw new AssertionError("no certificate in the key store");
    }

    private static TlsMaterial material(ClientIdentity client) {
        KafkaPoolProperties properties = properties(client);
        return TlsMaterialResolver.resolve(properties, null, "test");
    }

    private static KafkaPoolProperties properties(ClientIdentity client) {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.setBrokers(List.of("localhost:9093"));
        properties.getTls().setClientCa(pki.caCertificate().toString());
        properties.getTls().setClientCert(client.certificate().toString());
        properties.getTls().setClientKey(client.privateKey().toString());
        return properties;
    }

}
