package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.generate;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SSL bundle's client key is refused for the same reasons as the PEM files' (the one rule,
 * {@link KeyCertificateMatch#tlsClientRefusal}): a key that cannot sign, and a DSA key where the
 * client offers TLS 1.3. The bundle check used to take both, at startup and on a bundle's reload.
 */
class BundleClientKeyCheckTests {

    private static final TestPki pki = TestPki.shared();

    @Test
    void aBundleWhoseKeyCannotSignIsRefusedAsThePemFilesAre() throws IOException {
        ClientIdentity x25519 = pki.issueClient("bundle-x25519", generate("X25519"));

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> TlsMaterialResolver.checkBundle(bundle(x25519, SslOptions.NONE), "kafka", "test"))
            .satisfies((ex) -> {
                assertThat(ex.problem()).isEqualTo("the private key of SSL bundle 'kafka' cannot authenticate this client: "
                        + "an X25519 key only agrees on secrets and cannot sign, so it cannot prove the client's identity "
                        + "in a TLS handshake");
                assertThat(ex.action()).contains("RSA, RSASSA-PSS, EC on P-256/P-384/P-521, Ed25519 or Ed448");
            });
    }

    @Test
    void aDsaKeyIsRefusedInABundleThatOffersTls13AndTakenInOneLimitedToTls12() throws IOException {
        ClientIdentity dsa = pki.issueClient("bundle-dsa", generate("DSA"));

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> TlsMaterialResolver.checkBundle(bundle(dsa, SslOptions.NONE), "kafka", "test"))
            .satisfies((ex) -> {
                assertThat(ex.problem()).contains("is DSA 2048-bit, which cannot authenticate a TLS 1.3 client");
                assertThat(ex.action()).contains("options.enabled-protocols=TLSv1.2");
            });
        SslBundle tls12 = bundle(dsa, SslOptions.of(null, new String[] { "TLSv1.2" }));
        assertThatNoException().isThrownBy(() -> TlsMaterialResolver.checkBundle(tls12, "kafka", "test"));
    }

    @Test
    void aDsaKeyIsTakenInABundleWhoseContextProtocolIsTls12WithoutEnabledProtocols() throws IOException {
        // spring.ssl.bundle.pem.<name>.protocol=TLSv1.2: the engine's defaults offer TLS 1.2 only (g65r: refused)
        ClientIdentity dsa = pki.issueClient("bundle-dsa-context", generate("DSA"));
        SslBundle bundle = bundle(dsa, SslOptions.NONE);
        SslBundle tls12Context = SslBundle.of(bundle.getStores(), null, SslOptions.NONE, "TLSv1.2");

        assertThatNoException().isThrownBy(() -> TlsMaterialResolver.checkBundle(tls12Context, "kafka", "test"));
    }

    @Test
    void aBundleWithAKeyThatSignsIsTaken() throws IOException {
        SslBundle ed25519 = bundle(pki.ed25519Client(), SslOptions.NONE);

        assertThatNoException().isThrownBy(() -> TlsMaterialResolver.checkBundle(ed25519, "kafka", "test"));
    }

    private static SslBundle bundle(ClientIdentity client, SslOptions options) throws IOException {
        PemSslStore keyStore = PemSslStore.of(PemContent.load(client.certificate()).getCertificates(),
                PemContent.load(client.privateKey()).getPrivateKey());
        PemSslStore trustStore = PemSslStore.of(PemContent.load(pki.caCertificate()).getCertificates(), null);
        return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore), null, options);
    }

}
