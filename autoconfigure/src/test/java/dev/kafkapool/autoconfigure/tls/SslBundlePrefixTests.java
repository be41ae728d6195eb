package dev.kafkapool.autoconfigure.tls;

import java.security.KeyStore;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SslBundlePrefixTests {

    @Test
    void aPemBundleIsNamedUnderSpringSslBundlePem() {
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("classpath:none.crt")));
        assertThat(SslBundlePrefix.of(bundle, "kafka")).isEqualTo("spring.ssl.bundle.pem.kafka");
    }

    @Test
    void aKeyStoreBundleIsNamedUnderSpringSslBundleJks() {
        SslBundle bundle = SslBundle.of(new JksSslStoreBundle(null, JksSslStoreDetails.forLocation("classpath:none.p12")));
        assertThat(SslBundlePrefix.of(bundle, "kafka")).isEqualTo("spring.ssl.bundle.jks.kafka");
    }

    @Test
    void aBundleOfUnknownKindOrNoBundleNamesBothKinds() {
        SslStoreBundle custom = SslStoreBundle.of((KeyStore) null, null, null);
        assertThat(SslBundlePrefix.of(SslBundle.of(custom), "kafka")).isEqualTo("spring.ssl.bundle.pem|jks.kafka");
        assertThat(SslBundlePrefix.of(null, "kafka")).isEqualTo("spring.ssl.bundle.pem|jks.kafka");
    }

    @Test
    void aKeyStoreBundleThatCannotBeReadIsToldToGiveStoresItCanOpenNotPemFiles() {
        // the fix for a JKS bundle said "a whole PEM certificate, key and CA" (g52r)
        SslBundle bundle = SslBundle.of(new JksSslStoreBundle(JksSslStoreDetails.forLocation("classpath:none.p12"), null));
        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> TlsMaterialResolver.checkBundle(bundle, "jb", "test"))
            .satisfies((ex) -> assertThat(ex.action()).startsWith("Give spring.ssl.bundle.jks.jb a key store and trust "
                    + "store it can open").doesNotContain("PEM"));
    }

}
