package dev.kafkapool.autoconfigure.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionDoctor} against a real mTLS broker with the material of a running pool: a client certificate
 * that has run out since it was loaded (startup refuses one that already has) is named as out of date, not as
 * signed by a CA the broker does not trust.
 */
class ConnectionDoctorTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    private static final TestPki pki = cluster.pki();

    @Test
    void aClientCertificateThatHasRunOutIsNamedAsOutOfDate() {
        Diagnosis diagnosis = doctor(pki.expiredClient()).diagnose(Duration.ofSeconds(10));

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED);
        assertThat(diagnosis.problem().describe("b:9093")).contains("expired or is not yet valid");
        assertThat(diagnosis.problem().setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
        assertThat(diagnosis.problem().action()).contains("Renew the client certificate");
    }

    @Test
    void aClientCertificateOfAnotherCaIsStillNamedAsNotTrusted() {
        Diagnosis diagnosis = doctor(pki.rogueClient()).diagnose(Duration.ofSeconds(10));

        assertThat(diagnosis.problem()).isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_REJECTED);
        // its issuer is neither sent with it nor one this client trusts: it may be an intermediate left out of the file
        assertThat(diagnosis.detail()).startsWith("the client certificate (").contains(") is sent without the "
                + "certificate of its issuer (").contains("if that is an intermediate CA, append its certificate");
    }

    @Test
    void aCertificateSentWithItsIssuerOrIssuedByATrustedCaIsNotSaidToLackItsIssuer() throws Exception {
        // the client's own CA, which this client trusts for the brokers too: the usual case, no hint
        assertThat(ConnectionDoctor.missingIssuer(material(pki.client()))).isNull();
        // the issuer's certificate after the client's own in the file: its chain is whole
        String chain = read(pki.rogueClient().certificate()) + read(pki.rogueCaCertificate());
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(chain).withPrivateKey(read(pki.rogueClient().privateKey())),
                PemSslStoreDetails.forCertificate(read(pki.caCertificate()))));
        assertThat(ConnectionDoctor.missingIssuer(TlsMaterial.ssl(bundle, certificate(pki.rogueClient().certificate()),
                pki.rogueClient().certificate().toString()))).isNull();
        // the certificate alone, of a CA this client does not trust
        assertThat(ConnectionDoctor.missingIssuer(material(pki.rogueClient()))).contains("is sent without the certificate "
                + "of its issuer");
    }

    @Test
    void aValidClientCertificateReachesTheBroker() {
        assertThat(doctor(pki.client()).diagnose(Duration.ofSeconds(10)).isHealthy()).isTrue();
    }

    @Test
    void aDsaClientKeyInABundleLimitedToTls12ReachesTheBrokerAsTheProducersDo() throws Exception {
        // the probe offered TLS 1.3 whatever the bundle's options said: the broker refused the DSA key's certificate,
        // and a start that would work stopped blaming the CA (g66a)
        ClientIdentity dsa = pki.issueClient("doctor-dsa", java.security.KeyPairGenerator.getInstance("DSA")
            .generateKeyPair());
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(read(dsa.certificate())).withPrivateKey(read(dsa.privateKey())),
                PemSslStoreDetails.forCertificate(read(pki.caCertificate()))), null,
                org.springframework.boot.ssl.SslOptions.of(null, new String[] { "TLSv1.2" }));
        TlsMaterial material = TlsMaterial.ssl(bundle, certificate(dsa.certificate()), dsa.certificate().toString());
        ConnectionDoctor doctor = new ConnectionDoctor(new PoolConnection(
                KafkaConnection.of(new KafkaPoolProperties(), List.of(cluster.bootstrapServers().split(",")), material)));

        Diagnosis diagnosis = doctor.diagnose(Duration.ofSeconds(10));

        assertThat(diagnosis.isHealthy()).as("%s: %s", diagnosis.problem(), diagnosis.detail()).isTrue();
    }

    @Test
    void whatARefusalOfOurIdentityMeansFollowsTheCertificatesValidityAtTheTimeOfAsking() {
        TlsMaterial valid = material(pki.client());
        Instant notAfter = valid.clientCertificate().orElseThrow().getNotAfter().toInstant();

        assertThat(ConnectionDoctor.identityRefused(valid, Instant.now()))
            .isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_REJECTED);
        assertThat(ConnectionDoctor.identityRefused(valid, notAfter.plusSeconds(1)))
            .isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED);
        assertThat(ConnectionDoctor.identityRefused(TlsMaterial.ssl(valid.bundle(), null, "server-only TLS"),
                Instant.now()))
            .isEqualTo(ConnectionProblem.CLIENT_CERTIFICATE_MISSING);
    }

    private static ConnectionDoctor doctor(ClientIdentity identity) {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        return new ConnectionDoctor(new PoolConnection(
                KafkaConnection.of(properties, List.of(cluster.bootstrapServers().split(",")), material(identity))));
    }

    private static TlsMaterial material(ClientIdentity identity) {
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(read(identity.certificate())).withPrivateKey(read(identity.privateKey())),
                PemSslStoreDetails.forCertificate(read(pki.caCertificate()))));
        return TlsMaterial.ssl(bundle, certificate(identity.certificate()), identity.certificate().toString());
    }

    private static X509Certificate certificate(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (java.security.cert.CertificateException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
