package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.X509KeyManager;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.OpenFileLimit;
import dev.kafkapool.autoconfigure.OpenFilesExhausted;
import dev.kafkapool.autoconfigure.ProcessUser;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.ec;
import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.generate;
import static dev.kafkapool.autoconfigure.tls.TestKeyPairs.rsaPss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The loader reads every client key type Java's TLS signs with, in each PEM form Spring Boot
 * parses, accepts it with its own certificate, and reports any other certificate as not its own;
 * keys it cannot use are named with the reason instead.
 */
class PemFileTlsLoaderTests {

    private static final TestPki pki = TestPki.shared();

    private static final String PASSWORD = "key-pass";

    static Stream<Arguments> validIdentities() {
        return Stream.of(Arguments.of("RSA, PKCS#8", pki.client(), "RSA"),
                Arguments.of("RSA, PKCS#1", pki.pkcs1Client(), "RSA"),
                Arguments.of("RSA, encrypted PKCS#8", pki.encryptedKeyClient(), "RSA"),
                Arguments.of("EC P-256, SEC1", pki.ecClient(), "EC"),
                Arguments.of("EC P-384, PKCS#8", pki.issueClient("load-p384", ec("secp384r1")), "EC"),
                Arguments.of("EC P-521, encrypted PKCS#8", pki.issueClient("load-p521", ec("secp521r1"), PASSWORD), "EC"),
                Arguments.of("Ed25519, PKCS#8", pki.ed25519Client(), "EdDSA"),
                Arguments.of("Ed25519, encrypted PKCS#8", pki.issueClient("load-ed25519-enc", generate("Ed25519"), PASSWORD), "EdDSA"),
                Arguments.of("Ed448, PKCS#8", pki.issueClient("load-ed448", generate("Ed448")), "EdDSA"),
                Arguments.of("RSASSA-PSS SHA-256/MGF1/32, PKCS#8", pki.rsaPssClient(), "RSASSA-PSS"),
                Arguments.of("RSASSA-PSS SHA-256/MGF1/32, encrypted PKCS#8",
                        pki.issueClient("load-pss-enc", rsaPss("SHA-256", MGF1ParameterSpec.SHA256, 32), PASSWORD), "RSASSA-PSS"),
                Arguments.of("RSASSA-PSS SHA-384/MGF1/48, PKCS#8",
                        pki.issueClient("load-pss-384", rsaPss("SHA-384", MGF1ParameterSpec.SHA384, 48)), "RSASSA-PSS"),
                Arguments.of("RSASSA-PSS without parameters, PKCS#8",
                        pki.issueClient("load-pss-plain", generate("RSASSA-PSS")), "RSASSA-PSS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validIdentities")
    void acceptsEachKeyTypeJavasTlsSignsWithAlongsideItsCertificate(String form, ClientIdentity client, String algorithm)
            throws Exception {
        TlsMaterial material = load(client);

        assertThat(material.clientCertificate()).get()
            .extracting((certificate) -> certificate.getPublicKey().getAlgorithm())
            .isEqualTo(algorithm);
        KeyStore keyStore = material.bundle().getStores().getKeyStore();
        String alias = keyStore.aliases().nextElement();
        Key key = keyStore.getKey(alias, material.bundle().getKey().getPassword().toCharArray());
        assertThat(key.getAlgorithm()).isEqualTo(algorithm);
        assertThat(keyStore.getCertificate(alias)).isEqualTo(material.clientCertificate().get());
        // what a TLS context made from the bundle signs with
        X509KeyManager keyManager = (X509KeyManager) material.bundle().getManagers().getKeyManagers()[0];
        assertThat(keyManager.getPrivateKey(alias)).isEqualTo(key);
        assertThat(keyManager.getCertificateChain(alias)[0]).isEqualTo(material.clientCertificate().get());
    }

    @Test
    void theKeyIsKeptInAStoreThatNeedsNoKeyDerivationToReadIt() {
        TlsMaterial material = load(pki.client());

        // PKCS12, the JDK's default, would run PBKDF2 for every TLS context the clients make
        assertThat(material.bundle().getStores().getKeyStore().getType()).isEqualTo("JKS");
        assertThat(material.bundle().createSslContext().getProtocol()).isEqualTo("TLS");
    }

    static Stream<Arguments> mismatchedIdentities() {
        ClientIdentity p256 = pki.issueClient("mismatch-p256", ec("secp256r1"));
        ClientIdentity ed448 = pki.issueClient("mismatch-ed448", generate("Ed448"));
        ClientIdentity dsa = pki.issueClient("mismatch-dsa", generate("DSA"));
        return Stream.of(
                Arguments.of("RSA", pki.mismatchedKeyClient(), "both are RSA, but a signature made with the key (RSA 2048-bit)"),
                Arguments.of("RSASSA-PSS", pki.mismatchedRsaPssKeyClient(), "both are RSASSA-PSS, but a signature"),
                Arguments.of("RSASSA-PSS with other parameters",
                        swapKey(pki.rsaPssClient(), pki.issueClient("mismatch-pss-384",
                                rsaPss("SHA-384", MGF1ParameterSpec.SHA384, 48))),
                        "the key's PSS parameters (SHA-384, MGF1 with SHA-384, salt 48 bytes) differ from the certificate's"
                                + " (SHA-256, MGF1 with SHA-256, salt 32 bytes)"),
                Arguments.of("EC, same curve", swapKey(pki.ecClient(), p256), "both are EC, but a signature made with the key (EC secp256r1)"),
                Arguments.of("EC, other curve", swapKey(pki.ecClient(), pki.issueClient("mismatch-p384", ec("secp384r1"))),
                        "both are EC, but a signature made with the key (EC secp384r1) does not verify with the certificate's public key (EC secp256r1)"),
                Arguments.of("Ed25519", pki.mismatchedEd25519KeyClient(), "both are Ed25519, but a signature"),
                Arguments.of("Ed448", swapKey(ed448, pki.issueClient("mismatch-ed448-other", generate("Ed448"))),
                        "both are Ed448, but a signature"),
                Arguments.of("DSA", swapKey(dsa, pki.issueClient("mismatch-dsa-other", generate("DSA"))),
                        "both are DSA, but a signature made with the key (DSA 2048-bit)"),
                Arguments.of("Ed25519 key, RSA certificate", swapKey(pki.client(), pki.ed25519Client()),
                        "the key is Ed25519 but the certificate's public key is RSA 2048-bit"),
                Arguments.of("Ed448 key, Ed25519 certificate", swapKey(pki.ed25519Client(), ed448),
                        "the key is Ed448 but the certificate's public key is Ed25519"),
                Arguments.of("RSA key, RSASSA-PSS certificate", swapKey(pki.rsaPssClient(), pki.client()),
                        "the key is RSA 2048-bit but the certificate's public key is RSASSA-PSS 2048-bit"),
                Arguments.of("EC key, DSA certificate", swapKey(dsa, p256),
                        "the key is EC secp256r1 but the certificate's public key is DSA 2048-bit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatchedIdentities")
    void aKeyOfEachTypeThatIsNotTheCertificatesIsReportedAsNotBelongingToIt(String pair, ClientIdentity client,
            String explanation) {
        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> load(client))
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
                assertThat(ex.problem()).startsWith("the private key in " + client.privateKey()
                        + " does not belong to the certificate in " + client.certificate())
                    .contains(explanation);
                assertThat(ex.action()).contains("a key and the certificate issued for it");
            });
    }

    @Test
    void aDsaKeyThatMatchesIsRefusedBecauseTls13CannotUseIt() {
        ClientIdentity dsa = pki.issueClient("refused-dsa", generate("DSA"));

        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> load(dsa)).satisfies((ex) -> {
            assertThat(ex.problem()).contains("is DSA 2048-bit, which cannot authenticate a TLS 1.3 client")
                .contains("bad_certificate")
                .doesNotContain("does not belong");
            assertThat(ex.action()).contains("RSA, RSASSA-PSS, EC on P-256/P-384/P-521, Ed25519 or Ed448")
                .contains("enabled-protocols=TLSv1.2");
        });
    }

    @Test
    void anX25519KeyIsReportedAsUnableToSignNotAsAMismatch() {
        ClientIdentity x25519 = pki.issueClient("x25519", generate("X25519"));

        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> load(x25519)).satisfies((ex) -> {
            assertThat(ex.problem()).isEqualTo("the private key in " + x25519.privateKey()
                    + " cannot authenticate this client: an X25519 key only agrees on secrets and cannot sign,"
                    + " so it cannot prove the client's identity in a TLS handshake");
            assertThat(ex.action()).startsWith("Issue the client a key and certificate of a type Java's TLS signs with");
        });
    }

    static Stream<Arguments> keysJavaCannotUse() {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPair brainpool = generate("EC", new ECGenParameterSpec("brainpoolP256r1"), bc);
        KeyPair sm2 = generate("EC", new ECGenParameterSpec("sm2p256v1"), bc);
        KeyPair gost = generate("ECGOST3410-2012", new ECGenParameterSpec("Tc26-Gost-3410-12-256-paramSetA"), bc);
        // the JDK cannot parse a certificate for an SM2 key either: pair the key with a P-256 certificate
        Path p256Certificate = pki.ecClient().certificate();
        ClientIdentity sm2Pkcs8 = new ClientIdentity(p256Certificate, pki.writePrivateKey("sm2", sm2.getPrivate(), null),
                null);
        return Stream.of(
                Arguments.of("EC brainpoolP256r1 (parsed, no ECDSA), PKCS#8", pki.issueClient("brainpool", brainpool),
                        "cannot authenticate this client: this JVM cannot sign with the EC brainpoolP256r1 key"),
                Arguments.of("EC secp256k1 (parsed, no ECDSA), encrypted PKCS#8",
                        pki.issueClient("secp256k1", generate("EC", new ECGenParameterSpec("secp256k1"), bc), PASSWORD),
                        "cannot authenticate this client: this JVM cannot sign with the EC secp256k1 key"),
                Arguments.of("EC SM2 (not loadable), PKCS#8", sm2Pkcs8,
                        "holds an EC key on curve SM2 (1.2.156.10197.1.301), which this JVM cannot load"),
                Arguments.of("EC SM2 (not loadable), encrypted PKCS#8", new ClientIdentity(p256Certificate,
                        pki.writePrivateKey("sm2-enc", sm2.getPrivate(), PASSWORD), PASSWORD),
                        "holds an EC key on curve SM2 (1.2.156.10197.1.301), which this JVM cannot load"),
                Arguments.of("EC SM2 (not loadable), SEC1", new ClientIdentity(sm2Pkcs8.certificate(), sec1(sm2), null),
                        "holds an EC key on curve SM2 (1.2.156.10197.1.301), which this JVM cannot load"),
                Arguments.of("GOST R 34.10-2012 (not loadable), PKCS#8", pki.issueClient("gost", gost),
                        "holds a key of algorithm GOST R 34.10-2012 (256-bit) (1.2.643.7.1.1.1.1), which this JVM cannot load"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysJavaCannotUse")
    void aKeyJavaCannotUseIsNamedWithTheReasonNotCalledMismatchedOrUnreadable(String form, ClientIdentity client,
            String diagnosis) {
        assertThatExceptionOfType(KafkaPoolStartupException.class).isThrownBy(() -> load(client)).satisfies((ex) -> {
            assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
            assertThat(ex.problem()).contains(client.privateKey().toString())
                .contains(diagnosis)
                .doesNotContain("does not belong")
                .doesNotContain("password");
            assertThat(ex.action()).startsWith("Issue the client a key and certificate of a type Java's TLS signs with");
        });
    }

    @Test
    void anEncryptedKeyOfAKnownTypeWithTheWrongPasswordIsStillAWrongPassword() {
        ClientIdentity ed25519 = pki.issueClient("wrong-pass-ed25519", generate("Ed25519"), PASSWORD);

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> load(new ClientIdentity(ed25519.certificate(), ed25519.privateKey(), "not-" + PASSWORD)))
            .satisfies((ex) -> assertThat(ex.problem()).contains("could not be decrypted").contains("the password is wrong"));
    }

    @Test
    void aCaCertificateGivenAsTheClientCertificateIsCalledASwapNotAKeyMismatch() {
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(pki.client().certificate().toString());
        tls.setClientCert(pki.caCertificate().toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
                assertThat(ex.problem()).contains("but to a certificate in the KAFKA_TLS_CLIENT_CA file")
                    .contains("KAFKA_TLS_CLIENT_CA and KAFKA_TLS_CLIENT_CERT look swapped");
            });
    }

    @Test
    void aKeyOfAnotherCertificateIsAMismatchNotASwapEvenWhenTheCertificateIsMarkedCa() {
        // openssl req -x509 marks a self-signed client certificate CA:TRUE: the CA file's certificate is one
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCert(pki.caCertificate().toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
                assertThat(ex.problem()).contains("does not belong to the certificate").doesNotContain("swap");
            });
    }

    @ParameterizedTest(name = "its own key {0}")
    @CsvSource({ "first", "second" })
    void aKeyFileWithTwoKeysIsRefusedSayingSoWhicheverComesFirst(String place) throws IOException {
        // a grader's key file with two keys: its own first was taken without a word, its own second was called a
        // mismatch that never said the file held two
        String own = Files.readString(pki.client().privateKey());
        String other = Files.readString(pki.ecClient().privateKey());
        Path two = Files.createTempFile(pki.directory(), "two-keys-", ".key");
        Files.writeString(two, place.equals("first") ? own + other : other + own);
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientKey(two.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
                assertThat(ex.problem()).isEqualTo(two + " holds 2 private keys; it must hold one, the key of the "
                        + "certificate in KAFKA_TLS_CLIENT_CERT");
                assertThat(ex.action()).contains("Keep only the key that belongs to the client certificate");
                assertThat(ex.getMessage()).doesNotContain(own.lines().skip(1).findFirst().orElseThrow());
            });
    }

    @Test
    void aKeyWithItsHeaderButATruncatedBodyIsCalledTruncatedNotAnotherFormat() throws IOException {
        String pem = Files.readString(pki.client().privateKey());
        Path truncated = Files.createTempFile(pki.directory(), "truncated-", ".key");
        Files.writeString(truncated, pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n");
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientKey(truncated.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
                assertThat(ex.problem()).contains("has a PEM private key header, but what follows does not parse")
                    .doesNotContain("expected -----BEGIN PRIVATE KEY-----");
                assertThat(ex.getMessage() + ex.problem() + ex.action()).doesNotContain(pem.substring(40, 80));
            });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 5, 9, 13 })
    void aKeyWhoseBodyWasOverwrittenInPlaceIsCalledDamagedNotOfATypeJavaCannotSignWith(int line) throws IOException {
        // a grader's client.key with one base64 line replaced by AAAA...: "this JVM cannot sign with the RSA 2048-bit
        // key", and an action to issue a key of a type Java signs with, which RSA already is; a line inside the
        // private exponent, which Java's CRT signing does not use, started and published (a re-grader's). Lines well
        // inside a 2048-bit PKCS#8 key's numbers: the modulus (2, 5), the private exponent (9), the first prime (13)
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(pki.client().privateKey()));
        lines.set(line, "A".repeat(lines.get(line).length()));
        Path damaged = Files.createTempFile(pki.directory(), "damaged-", ".key");
        Files.write(damaged, lines);
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientKey(damaged.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_KEY");
                assertThat(ex.problem()).contains("is damaged").contains("the file was damaged or edited")
                    .doesNotContain("cannot sign with");
                assertThat(ex.action()).contains("Restore " + damaged).doesNotContain("of a type Java's TLS signs with");
            });
    }

    @ParameterizedTest
    @ValueSource(strings = { "ca-with-a-cut-second-ca", "ca-with-a-dangling-begin", "chain-with-a-cut-second" })
    void aBundleOrChainWithAnIncompleteLaterBlockIsRefusedAsHalfWritten(String variant) throws IOException {
        String ca = Files.readString(pki.caCertificate());
        String leaf = Files.readString(pki.client().certificate());
        String text = switch (variant) {
            case "ca-with-a-cut-second-ca" -> ca + ca.substring(0, 600);
            case "ca-with-a-dangling-begin" -> ca + "-----BEGIN CERTIFICATE-----\nAAAA\n";
            default -> leaf + ca.substring(0, ca.length() - 30);
        };
        Path file = Files.createTempFile(pki.directory(), variant + "-", ".pem");
        Files.writeString(file, text);
        KafkaPoolProperties.Tls tls = settings(pki.client());
        boolean chain = variant.startsWith("chain");
        if (chain) {
            tls.setClientCert(file.toString());
        }
        else {
            tls.setClientCa(file.toString());
        }

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo(chain ? "KAFKA_TLS_CLIENT_CERT" : "KAFKA_TLS_CLIENT_CA");
                assertThat(ex.problem()).contains(file.toString())
                    .contains("holds a PEM block that is not complete (-----BEGIN CERTIFICATE----- with no END)")
                    .contains("half-written");
            });
    }

    @Test
    void aBundleConcatenatedWithoutANewlineIsRefusedRatherThanReadWithoutItsSecondCertificate() throws IOException {
        String ca = Files.readString(pki.caCertificate()).stripTrailing();
        Path file = Files.createTempFile(pki.directory(), "no-newline-", ".pem");
        Files.writeString(file, ca + Files.readString(pki.secondCaCertificate()));
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(file.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_CA");
                assertThat(ex.problem()).contains("holds 2 certificate blocks, of which 1 can be read");
            });
    }

    @Test
    void aChainWithTheCaBeforeTheClientCertificateIsCalledTheWrongOrderNotAKeyMismatch() throws IOException {
        Path file = Files.createTempFile(pki.directory(), "ca-first-", ".pem");
        Files.writeString(file, Files.readString(pki.caCertificate()) + Files.readString(pki.client().certificate()));
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCert(file.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
                assertThat(ex.problem()).contains("are in the wrong order", "is number 2 of 2")
                    .doesNotContain("does not belong");
                assertThat(ex.action()).contains("client certificate first");
            });
    }

    @Test
    void aChainThatStartsWithTheClientCertificateLoadsEvenWhenItRepeatsItLater() throws IOException {
        Path file = Files.createTempFile(pki.directory(), "leaf-first-", ".pem");
        String leaf = Files.readString(pki.client().certificate());
        Files.writeString(file, leaf + Files.readString(pki.caCertificate()) + leaf);
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCert(file.toString());

        assertThat(new PemFileTlsLoader(tls, "brokers=test", "test").load()).isNotNull();
    }

    @Test
    void aSymbolicLinkWhoseTargetIsGoneNamesTheTarget() throws Exception {
        Path link = pki.directory().resolve("dangling-" + System.nanoTime() + ".crt");
        Files.createSymbolicLink(link, pki.directory().resolve("..data-gone/ca.crt"));
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(link.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> assertThat(ex.problem()).contains("does not exist (it is a symbolic link to "
                    + pki.directory().resolve("..data-gone/ca.crt") + ", which does not exist)"));
    }

    @Test
    void aSecretVolumeLinkThroughDataToALinkWhoseTargetIsGoneNamesEachHop() throws Exception {
        // a kubelet mount: tls.key -> ..data/tls.key, and in the version ..data names, tls.key -> /nonexistent;
        // the report named only ..data/tls.key, which exists (as a link)
        Path volume = Files.createTempDirectory(pki.directory(), "volume-");
        Path version = Files.createDirectory(volume.resolve("..2026_12_07"));
        Path gone = volume.resolve("gone/tls.key");
        Files.createSymbolicLink(version.resolve("tls.key"), gone);
        Files.createSymbolicLink(volume.resolve("..data"), version.getFileName());
        Path key = Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientKey(key.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> assertThat(ex.problem()).contains("does not exist (it is a symbolic link to ..data/tls.key, "
                    + "a symbolic link to " + gone + ", which does not exist)"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "\n  \n" })
    void anEmptyCaFileIsCalledEmpty(String content) throws Exception {
        Path empty = Files.createTempFile(pki.directory(), "empty-", ".crt");
        Files.writeString(empty, content);
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(empty.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> assertThat(ex.problem()).contains("it has no -----BEGIN CERTIFICATE----- block (it is empty"
                    + (content.isEmpty() ? ")" : ", but for whitespace)")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_CLIENT_KEY", "KAFKA_TLS_CLIENT_CA" })
    void aDerFileIsCalledNotPemWithTheConversionNotUnreadable(String setting) throws Exception {
        Path der = Files.createTempFile(pki.directory(), "binary-", ".der");
        // a certificate's DER bytes: not text, so not PEM
        Files.write(der, CertificateFactory.getInstance("X.509")
            .generateCertificate(Files.newInputStream(pki.client().certificate()))
            .getEncoded());
        KafkaPoolProperties.Tls tls = settings(pki.client());
        switch (setting) {
            case "KAFKA_TLS_CLIENT_CERT" -> tls.setClientCert(der.toString());
            case "KAFKA_TLS_CLIENT_KEY" -> tls.setClientKey(der.toString());
            default -> tls.setClientCa(der.toString());
        }

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo(setting);
                assertThat(ex.problem()).contains("is not a PEM text file", "DER").doesNotContain("cannot be read");
                assertThat(ex.action()).contains("openssl").contains("-inform der");
            });
    }

    @ParameterizedTest
    @ValueSource(strings = { "PKCS12", "JKS", "PKCS7" })
    void aKeyStoreIsNamedAsOneWithTheCommandThatTakesPemOutOfIt(String type) throws Exception {
        Path store = Files.createTempFile(pki.directory(), "store-", "." + type.toLowerCase(java.util.Locale.ROOT));
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        java.security.cert.Certificate ca = certificates.generateCertificate(Files.newInputStream(pki.caCertificate()));
        if (type.equals("PKCS7")) {
            Files.write(store, certificates.generateCertPath(java.util.List.of(ca)).getEncoded("PKCS7"));
        }
        else {
            java.security.KeyStore keyStore = java.security.KeyStore.getInstance(type);
            keyStore.load(null, null);
            keyStore.setCertificateEntry("ca", ca);
            try (java.io.OutputStream out = Files.newOutputStream(store)) {
                keyStore.store(out, "changeit".toCharArray());
            }
        }
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(store.toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_CA");
                assertThat(ex.problem()).contains("is not a PEM text file").contains(switch (type) {
                    case "JKS" -> "a Java KeyStore (JKS)";
                    case "PKCS7" -> "a PKCS#7 certificate bundle";
                    default -> "a PKCS#12 store";
                });
                assertThat(ex.action()).contains(switch (type) {
                    case "JKS" -> "keytool -exportcert -rfc";
                    case "PKCS7" -> "openssl pkcs7 -inform der -in <file> -print_certs";
                    default -> "openssl pkcs12 -in";
                }).doesNotContain("openssl x509");
            });
    }

    @Test
    void aPathStartingWithATildeIsSaidNotToBeExpanded() {
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa("~/pki/ca.crt");

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> assertThat(ex.problem()).contains("does not exist", "a leading ~ is not a home directory"));
    }

    @Test
    void pemBlocksAreWholeOnlyWhenEachBeginHasItsOwnEnd() {
        String block = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThat(PemFileTlsLoader.incompleteBlock(block + "Bag Attributes\n" + block)).isNull();
        assertThat(PemFileTlsLoader.incompleteBlock("-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----")).isNull();
        assertThat(PemFileTlsLoader.incompleteBlock(block + "-----BEGIN CERTIFICATE-----\nAA" + block))
            .isEqualTo("-----BEGIN CERTIFICATE----- with no END before the next block");
        assertThat(PemFileTlsLoader.incompleteBlock(block + "-----BEGIN CERTIF")).isEqualTo("a -----BEGIN line cut off");
        assertThat(PemFileTlsLoader.incompleteBlock("AA\n-----END CERTIFICATE-----\n"))
            .isEqualTo("-----END CERTIFICATE----- with no BEGIN CERTIFICATE before it");
        assertThat(PemFileTlsLoader.incompleteBlock("-----BEGIN PRIVATE KEY-----\nAA\n-----END CERTIFICATE-----"))
            .isEqualTo("-----END CERTIFICATE----- with no BEGIN CERTIFICATE before it");
    }

    @Test
    void aFileUnderAPathThatIsNotADirectoryCannotBeReachedRatherThanMissing() throws IOException {
        Path notADirectory = Files.createTempFile(pki.directory(), "plain-", ".txt");
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(notADirectory.resolve("ca.crt").toString());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.problem()).contains("cannot be reached by this process").doesNotContain("does not exist");
                assertThat(ex.action()).contains("searchable");
            });
    }

    @Test
    void aLoopOfSymbolicLinksIsSaidToBeOneRatherThanAnUnsearchableDirectory(
            @org.junit.jupiter.api.io.TempDir Path directory) throws IOException {
        // "a directory on its path is not searchable", said even to root, which can search every directory
        Path self = Files.createSymbolicLink(directory.resolve("self"), Path.of("self"));
        // a loop through a directory's link, and one of two links that point at each other
        Files.createSymbolicLink(directory.resolve("tls"), directory.resolve("tls"));
        Files.createSymbolicLink(directory.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(directory.resolve("b"), directory.resolve("a"));
        for (Path loop : List.of(self, directory.resolve("tls").resolve("tls.crt"), directory.resolve("a"))) {
            KafkaPoolProperties.Tls tls = settings(pki.client());
            tls.setClientCert(loop.toString());

            assertThatExceptionOfType(KafkaPoolStartupException.class).as("%s", loop)
                .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
                .satisfies((ex) -> {
                    assertThat(ex.setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
                    assertThat(ex.problem()).contains("symbolic links on its path lead back to themselves")
                        .doesNotContain("searchable");
                    assertThat(ex.action()).contains("namei -l " + loop);
                });
        }
    }

    @Test
    void aFileUrlIsRefusedWithThePlainPathToWrite() {
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa("file:" + pki.caCertificate());

        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> new PemFileTlsLoader(tls, "brokers=test", "test").load())
            .satisfies((ex) -> {
                assertThat(ex.problem()).contains("is a resource location (file:" + pki.caCertificate() + ")");
                assertThat(ex.action()).isEqualTo("Write KAFKA_TLS_CLIENT_CA=" + pki.caCertificate());
            });
    }

    @Test
    void withoutACaFileTheMaterialSaysItTrustsTheJvmDefaults() {
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientCa(null);
        assertThat(new PemFileTlsLoader(tls, "brokers=test", "test").load().trustsTheJvmDefaults()).isTrue();
        assertThat(load(pki.client()).trustsTheJvmDefaults()).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPasswordForAKeyThatIsNotEncryptedIsAWarningWithTheLabelNamingTheFileNeverThePassword(CapturedOutput output,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws java.io.IOException {
        // a key file of this test's own: the warning is said once per pool and key file content, in the whole JVM
        java.nio.file.Path key = java.nio.file.Files.copy(pki.client().privateKey(), directory.resolve("tls.key"));
        KafkaPoolProperties.Tls tls = settings(pki.client());
        tls.setClientKey(key.toString());
        tls.setClientKeyPassword("Unused-Pw-42");

        assertThat(new PemFileTlsLoader(tls, "brokers=test", "orders-pool").load().clientCertificate()).isPresent();
        // reload reads files it refused at every check: the same file says it once (a grader saw it every second)
        assertThat(new PemFileTlsLoader(tls, "brokers=test", "orders-pool").load().clientCertificate()).isPresent();
        String said = "orders-pool - KAFKA_TLS_CLIENT_KEY_PASSWORD is set, but the private key in " + key
                + " is not encrypted, so the password is not used";
        assertThat(output).contains(said).doesNotContain("Unused-Pw-42");
        assertThat(output.getAll().split(java.util.regex.Pattern.quote(said), -1)).hasSize(2);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void twoPoolsWithUnencryptedKeysAndPasswordsEachSayItOnceWhileTheirLoadsTakeTurns(CapturedOutput output,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws java.io.IOException {
        java.nio.file.Path first = java.nio.file.Files.copy(pki.client().privateKey(), directory.resolve("a.key"));
        java.nio.file.Path second = java.nio.file.Files.copy(pki.client().privateKey(), directory.resolve("b.key"));
        KafkaPoolProperties.Tls orders = settings(pki.client());
        orders.setClientKey(first.toString());
        orders.setClientKeyPassword("Unused-Pw-1");
        KafkaPoolProperties.Tls audit = settings(pki.client());
        audit.setClientKey(second.toString());
        audit.setClientKeyPassword("Unused-Pw-2");

        for (int check = 0; check < 3; check++) {
            new PemFileTlsLoader(orders, "brokers=test", "orders-pool").load();
            new PemFileTlsLoader(audit, "brokers=test", "audit-pool").load();
        }
        for (String said : List.of("orders-pool - KAFKA_TLS_CLIENT_KEY_PASSWORD is set, but the private key in " + first,
                "audit-pool - KAFKA_TLS_CLIENT_KEY_PASSWORD is set, but the private key in " + second)) {
            assertThat(output.getAll().split(java.util.regex.Pattern.quote(said), -1)).as(said).hasSize(2);
        }
    }

    @Test
    void aFileThisProcessCannotOpenForWantOfDescriptorsIsNotCalledUnreadableByItsUser() {
        OpenFilesExhausted.assumePossible();
        // warm: the classes of a failed load are loaded before a class file can no longer be opened (from a jar, as
        // an application has them, they can be; from target/classes each is a file)
        OpenFileLimit.reached(new IllegalStateException());
        ProcessUser.describe();
        assertThatExceptionOfType(KafkaPoolStartupException.class)
            .isThrownBy(() -> load(new ClientIdentity(pki.client().certificate(), Path.of("/nonexistent/tls.key"), null)));

        KafkaPoolStartupException failure = OpenFilesExhausted.during(() -> {
            try {
                load(pki.client());
                return null;
            }
            catch (KafkaPoolStartupException ex) {
                return ex;
            }
        });
        assertThat(failure).as("a load that could open no file").isNotNull();
        assertThat(failure.problem()).contains("this process has too many files open")
            .doesNotContain("cannot be read by this process");
        assertThat(failure.action()).isEqualTo(OpenFileLimit.ACTION).doesNotContain("file mode");
    }

    private static TlsMaterial load(ClientIdentity client) {
        return new PemFileTlsLoader(settings(client), "brokers=test", "test").load();
    }

    private static KafkaPoolProperties.Tls settings(ClientIdentity client) {
        KafkaPoolProperties.Tls tls = new KafkaPoolProperties.Tls();
        tls.setClientCa(pki.caCertificate().toString());
        tls.setClientCert(client.certificate().toString());
        tls.setClientKey(client.privateKey().toString());
        tls.setClientKeyPassword(client.keyPassword());
        return tls;
    }

    /** {@code certificateOf}'s certificate with {@code keyOf}'s key. */
    private static ClientIdentity swapKey(ClientIdentity certificateOf, ClientIdentity keyOf) {
        return new ClientIdentity(certificateOf.certificate(), keyOf.privateKey(), keyOf.keyPassword());
    }

    /** {@code keys}' private key in SEC1 form ({@code BEGIN EC PRIVATE KEY}), as OpenSSL writes it. */
    private static Path sec1(KeyPair keys) {
        StringWriter out = new StringWriter();
        try {
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(keys);
            }
            Path file = Files.createTempFile(pki.directory(), "sec1-", ".key");
            Files.writeString(file, out.toString());
            return file;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
