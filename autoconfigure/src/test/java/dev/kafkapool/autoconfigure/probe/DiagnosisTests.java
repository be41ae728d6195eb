package dev.kafkapool.autoconfigure.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A diagnosis names what was configured: the {@code KAFKA_TLS_CLIENT_*} files, or the SSL bundle of
 * {@code KAFKA_TLS_BUNDLE}, beside which those variables may not be set at all.
 */
class DiagnosisTests {

    private static final TestPki PKI = TestPki.shared();

    @ParameterizedTest
    @EnumSource(ConnectionProblem.class)
    void everyProblemReadsWithoutPlaceholdersWhateverTheMaterialComesFrom(ConnectionProblem problem) {
        for (Diagnosis diagnosis : new Diagnosis[] { new Diagnosis("b:9093", problem, "detail"),
                new Diagnosis("b:9093", problem, "detail", TlsWording.ofSslBundle("kp", "spring.ssl.bundle.pem.kp")) }) {
            assertThat(diagnosis.summary() + diagnosis.action() + diagnosis.setting()).doesNotContain("{tls-");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ConnectionProblem.class, names = "LISTENER_IS_TLS", mode = EnumSource.Mode.EXCLUDE)
    void aPoolOnAnSslBundleIsNeverToldToSetTheFilesVariables(ConnectionProblem problem) {
        // LISTENER_IS_TLS is a pool with TLS off, which has no bundle to name
        Diagnosis diagnosis = new Diagnosis("b:9093", problem, null, TlsWording.ofSslBundle("kp", "spring.ssl.bundle.pem.kp"));
        assertThat(diagnosis.summary() + diagnosis.action() + diagnosis.setting()).doesNotContain("KAFKA_TLS_CLIENT_");
    }

    @Test
    void aKeyStoreBundleWithoutAClientCertificateIsToldToGiveItsKeyStoreOneNotPemFiles() {
        // a truststore-only JKS bundle was told to set its keystore "to the client's PEM certificate and key" (g52r)
        Diagnosis diagnosis = new Diagnosis("b:9093", ConnectionProblem.CLIENT_CERTIFICATE_MISSING, null,
                TlsWording.ofSslBundle("jb", "spring.ssl.bundle.jks.jb"));
        assertThat(diagnosis.action()).contains("spring.ssl.bundle.jks.jb.keystore to the client's certificate and its "
                + "private key").doesNotContain("PEM");
    }

    @Test
    void anUntrustedBrokerIsBlamedOnTheCaFileOrOnTheBundlesTrustStore() {
        Diagnosis files = new Diagnosis("b:9093", ConnectionProblem.BROKER_NOT_TRUSTED, null);
        assertThat(files.setting()).isEqualTo("KAFKA_TLS_CLIENT_CA");
        assertThat(files.summary()).isEqualTo("the broker's certificate at b:9093 is not signed by a CA in "
                + "KAFKA_TLS_CLIENT_CA, so the client does not trust it");
        assertThat(files.action()).startsWith("Set KAFKA_TLS_CLIENT_CA to the PEM file of the CA");

        Diagnosis bundle = files.about(TlsWording.ofSslBundle("kp", "spring.ssl.bundle.pem.kp"));
        assertThat(bundle.setting()).isEqualTo("KAFKA_TLS_BUNDLE");
        assertThat(bundle.summary()).contains("not signed by a CA in the trust store of SSL bundle 'kp' "
                + "(KAFKA_TLS_BUNDLE), spring.ssl.bundle.pem.kp.truststore");
        assertThat(bundle.action()).startsWith("Set the trust store of SSL bundle 'kp'");
    }

    @Test
    void anUntrustedBrokerOfAPoolWithoutACaFileIsBlamedOnTheJvmsTrustStoreAndTheFixIsToSetTheCaFile() throws Exception {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.getTls().setClientCert(PKI.client().certificate().toString());
        properties.getTls().setClientKey(PKI.client().privateKey().toString());
        TlsMaterial withoutCa = TlsMaterialResolver.resolve(properties, null, "brokers=test");
        Diagnosis diagnosis = new Diagnosis("b:9093", ConnectionProblem.BROKER_NOT_TRUSTED, null)
            .about(TlsWording.of(withoutCa));
        assertThat(diagnosis.summary()).isEqualTo("the broker's certificate at b:9093 is not signed by a CA in the"
                + " JVM's default trust store (KAFKA_TLS_CLIENT_CA is not set), so the client does not trust it");
        assertThat(diagnosis.action()).startsWith("Set KAFKA_TLS_CLIENT_CA to the PEM file of the CA");
        assertThat(diagnosis.setting()).isEqualTo("KAFKA_TLS_CLIENT_CA");
    }

    @Test
    void anExpiredClientCertificateIsRenewedAsItsSourceAllows() {
        Diagnosis files = new Diagnosis("b:9093", ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED, null);
        assertThat(files.action()).contains("unless KAFKA_TLS_RELOAD=false, the renewed files are taken without a restart");
        Diagnosis bundle = files.about(TlsWording.ofSslBundle("kp", "spring.ssl.bundle.pem.kp"));
        assertThat(bundle.action()).contains("with spring.ssl.bundle.pem.kp.reload-on-update=true")
            .doesNotContain("files");
    }

    @Test
    void aRejectedClientCertificateIsBlamedOnTheFilesOrOnTheBundlesKeyStore() {
        Diagnosis files = new Diagnosis("b:9093", ConnectionProblem.CLIENT_CERTIFICATE_REJECTED, null);
        assertThat(files.setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
        assertThat(files.action()).endsWith("in KAFKA_TLS_CLIENT_CERT and KAFKA_TLS_CLIENT_KEY");

        Diagnosis bundle = files.about(TlsWording.ofSslBundle("kp", "spring.ssl.bundle.pem.kp"));
        assertThat(bundle.setting()).isEqualTo("KAFKA_TLS_BUNDLE");
        assertThat(bundle.action()).endsWith("in the key store of SSL bundle 'kp' (KAFKA_TLS_BUNDLE), "
                + "spring.ssl.bundle.pem.kp.keystore");
    }

}
