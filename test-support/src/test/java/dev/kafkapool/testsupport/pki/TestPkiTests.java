package dev.kafkapool.testsupport.pki;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestPkiTests {

    private final TestPki pki = TestPki.shared();

    @Test
    void aPkiIsGeneratedIntoADirectoryThatDoesNotExistYet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        // a grader's KafkaCluster.builder().pki(TestPki.generate(dir)), as the README writes it: NoSuchFileException
        TestPki generated = TestPki.generate(root.resolve("not/yet/pki"));

        assertThat(generated.caCertificate()).exists().startsWith(root.resolve("not/yet/pki"));
    }

    @Test
    void clientCertificateIsSignedByTheCaAndValidNow() throws Exception {
        X509Certificate ca = certificate(this.pki.caCertificate());
        X509Certificate client = certificate(this.pki.client().certificate());
        client.verify(ca.getPublicKey());
        client.checkValidity();
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=kafka-pool-test-client,O=kafka-pool tests");
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void brokerCertificateNamesLocalhostAndLoopbackAddress() throws Exception {
        String keyStore = Files.readString(this.pki.brokerKeyStore());
        assertThat(keyStore).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate broker = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(
                    keyStore.substring(keyStore.indexOf("-----BEGIN CERTIFICATE-----")).getBytes()))
            .iterator()
            .next();
        broker.verify(certificate(this.pki.caCertificate()).getPublicKey());
        assertThat(broker.getSubjectAlternativeNames().stream().map((name) -> (Object) name.get(1)).toList())
            .contains((Object) "localhost", "127.0.0.1");
    }

    @Test
    void rogueClientIsNotSignedByTheCa() throws Exception {
        X509Certificate rogue = certificate(this.pki.rogueClient().certificate());
        rogue.verify(certificate(this.pki.rogueCaCertificate()).getPublicKey());
        assertThatExceptionOfType(java.security.SignatureException.class)
            .isThrownBy(() -> rogue.verify(certificate(this.pki.caCertificate()).getPublicKey()));
    }

    @Test
    void expiredAndNotYetValidCertificatesFailTheValidityCheck() throws Exception {
        assertThatExceptionOfType(CertificateExpiredException.class)
            .isThrownBy(() -> certificate(this.pki.expiredClient().certificate()).checkValidity());
        assertThatExceptionOfType(CertificateNotYetValidException.class)
            .isThrownBy(() -> certificate(this.pki.notYetValidClient().certificate()).checkValidity());
    }

    @Test
    void keyVariantsUseTheirPemHeaders() throws Exception {
        assertThat(Files.readString(this.pki.client().privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(this.pki.pkcs1Client().privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(this.pki.ecClient().privateKey())).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(this.pki.encryptedKeyClient().privateKey()))
            .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(this.pki.encryptedKeyClient().keyPassword()).isNotBlank();
    }

    @Test
    void encryptedKeyDecryptsWithItsPasswordToTheClientKey() throws Exception {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(this.pki.encryptedKeyClient().privateKey()));
        String algorithm = info.getAlgParameters().toString();
        SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE,
                factory.generateSecret(new PBEKeySpec(this.pki.encryptedKeyClient().keyPassword().toCharArray())),
                info.getAlgParameters());
        PrivateKey decrypted = KeyFactory.getInstance("RSA").generatePrivate(info.getKeySpec(cipher));
        assertThat(matches(decrypted, certificate(this.pki.client().certificate()))).isTrue();
    }

    @Test
    void ecKeyCarriesItsCurveAndPublicKeyAsOpenSslWritesIt() throws Exception {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(this.pki.ecClient().privateKey()))) {
            KeyPair keys = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
            assertThat(keys.getPublic()).isEqualTo(certificate(this.pki.ecClient().certificate()).getPublicKey());
        }
    }

    @Test
    void mismatchedKeyDoesNotMatchTheCertificate() throws Exception {
        PrivateKey good = rsaKey(this.pki.client().privateKey());
        PrivateKey other = rsaKey(this.pki.mismatchedKeyClient().privateKey());
        X509Certificate certificate = certificate(this.pki.mismatchedKeyClient().certificate());
        assertThat(matches(good, certificate)).isTrue();
        assertThat(matches(other, certificate)).isFalse();
    }

    @Test
    void ed25519ClientIsSignedByTheCaForClientAuthAndItsKeyMatches() throws Exception {
        X509Certificate certificate = certificate(this.pki.ed25519Client().certificate());
        certificate.verify(certificate(this.pki.caCertificate()).getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getKeyUsage()[2]).as("keyEncipherment, which RFC 8410 forbids for Ed25519").isFalse();
        assertThat(((EdECKey) certificate.getPublicKey()).getParams().getName()).isEqualTo("Ed25519");
        assertThat(Files.readString(this.pki.ed25519Client().privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        PrivateKey key = pkcs8Key("Ed25519", this.pki.ed25519Client().privateKey());
        assertThat(matches("Ed25519", null, key, certificate)).isTrue();
    }

    @Test
    void mismatchedEd25519KeyDoesNotMatchTheEd25519Certificate() throws Exception {
        X509Certificate certificate = certificate(this.pki.mismatchedEd25519KeyClient().certificate());
        assertThat(this.pki.mismatchedEd25519KeyClient().certificate()).isEqualTo(this.pki.ed25519Client().certificate());
        PrivateKey other = pkcs8Key("Ed25519", this.pki.mismatchedEd25519KeyClient().privateKey());
        assertThat(matches("Ed25519", null, other, certificate)).isFalse();
    }

    @Test
    void rsaPssClientCarriesExplicitPssParametersInCertificateAndKey() throws Exception {
        X509Certificate certificate = certificate(this.pki.rsaPssClient().certificate());
        certificate.verify(certificate(this.pki.caCertificate()).getPublicKey());
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSASSA-PSS");
        assertThat(certificate.getKeyUsage()[2]).as("keyEncipherment, which RFC 4055 forbids for PSS keys").isFalse();
        PrivateKey key = pkcs8Key("RSASSA-PSS", this.pki.rsaPssClient().privateKey());
        for (RSAKey rsaKey : new RSAKey[] { (RSAKey) certificate.getPublicKey(), (RSAKey) key }) {
            PSSParameterSpec parameters = (PSSParameterSpec) rsaKey.getParams();
            assertThat(parameters.getDigestAlgorithm()).isEqualTo("SHA-256");
            assertThat(((MGF1ParameterSpec) parameters.getMGFParameters()).getDigestAlgorithm()).isEqualTo("SHA-256");
            assertThat(parameters.getSaltLength()).isEqualTo(32);
        }
        assertThat(matches("RSASSA-PSS", (PSSParameterSpec) ((RSAKey) key).getParams(), key, certificate)).isTrue();
    }

    @Test
    void mismatchedRsaPssKeyDoesNotMatchTheRsaPssCertificate() throws Exception {
        X509Certificate certificate = certificate(this.pki.mismatchedRsaPssKeyClient().certificate());
        PrivateKey other = pkcs8Key("RSASSA-PSS", this.pki.mismatchedRsaPssKeyClient().privateKey());
        assertThat(matches("RSASSA-PSS", (PSSParameterSpec) ((RSAKey) other).getParams(), other, certificate)).isFalse();
    }

    @Test
    void issueClientSignsAnyKeyPairAndEncryptsItsKeyWhenGivenAPassword() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair keys = generator.generateKeyPair();
        ClientIdentity identity = this.pki.issueClient("p384-encrypted", keys, "pass-word");
        X509Certificate certificate = certificate(identity.certificate());
        certificate.verify(certificate(this.pki.caCertificate()).getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(certificate.getSubjectX500Principal().getName())
            .isEqualTo("CN=kafka-pool-p384-encrypted-client,O=kafka-pool tests");
        assertThat(identity.keyPassword()).isEqualTo("pass-word");
        assertThat(Files.readString(identity.privateKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> this.pki.issueClient("../escape", keys));
    }

    @Test
    void privateKeyFilesAreReadableByTheOwnerOnly() throws Exception {
        assertThat(Files.getPosixFilePermissions(this.pki.client().privateKey()))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private static boolean matches(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] data = "proof".getBytes();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static boolean matches(String algorithm, PSSParameterSpec parameters, PrivateKey key,
            X509Certificate certificate) throws Exception {
        byte[] data = "proof".getBytes();
        Signature signer = Signature.getInstance(algorithm);
        if (parameters != null) {
            signer.setParameter(parameters);
        }
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        if (parameters != null) {
            verifier.setParameter(parameters);
        }
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static PrivateKey pkcs8Key(String algorithm, Path pkcs8) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(pkcs8)));
    }

    private static PrivateKey rsaKey(Path pkcs8) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pkcs8)));
    }

    private static byte[] der(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }


    @Test
    void theSharedPkiRefusesARotationThatWouldBreakEveryLaterClusterAndKeepsItsFiles() throws Exception {
        String brokerKeyStore = Files.readString(this.pki.brokerKeyStore());
        String brokerTrustStore = Files.readString(this.pki.brokerTrustStore());

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this.pki::reissueBrokerCertificateBySecondCa)
            .withMessageContaining("shared TestPki")
            .withMessageContaining("KafkaCluster.builder().pki(TestPki.generate(directory))");
        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> this.pki.trustInBrokers(this.pki.secondCaCertificate()))
            .withMessageContaining("trustInBrokers would rotate the shared TestPki");
        assertThat(Files.readString(this.pki.brokerKeyStore())).isEqualTo(brokerKeyStore);
        assertThat(Files.readString(this.pki.brokerTrustStore())).isEqualTo(brokerTrustStore);
    }

}
