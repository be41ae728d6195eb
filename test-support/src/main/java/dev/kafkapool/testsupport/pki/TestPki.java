package dev.kafkapool.testsupport.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import dev.kafkapool.testsupport.TemporaryDirectories;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

import dev.kafkapool.testsupport.pki.CertificateIssuer.Purpose;

/**
 * A throwaway PKI written as PEM files into one directory: the CA that signed the brokers, the
 * brokers' key store, a good client identity, and the broken identities negative tests need
 * (a rogue CA, expired and not-yet-valid certificates, PKCS#1, EC and encrypted keys), and
 * clients whose keys are Ed25519 or RSASSA-PSS, each with a mismatched twin. {@link #issueClient}
 * signs a client certificate for any other key pair.
 *
 * <p>Generated at run time; {@link #shared()} generates it once per JVM.
 */
public final class TestPki {

    /** Subject of {@link #client()}'s certificate. */
    public static final String CLIENT_SUBJECT = "CN=kafka-pool-test-client,O=kafka-pool tests";

    private static final Duration LEAF_VALIDITY = Duration.ofDays(30);

    private static volatile TestPki shared;

    private final Path directory;

    private final Path caCertificate;

    private final Path rogueCaCertificate;

    private final Path brokerKeyStore;

    private final ClientIdentity client;

    private final Path clientKeyStore;

    private final ClientIdentity rogueClient;

    private final ClientIdentity expiredClient;

    private final ClientIdentity notYetValidClient;

    private final ClientIdentity pkcs1Client;

    private final ClientIdentity ecClient;

    private final ClientIdentity encryptedKeyClient;

    private final ClientIdentity mismatchedKeyClient;

    private final CertificateIssuer ca;

    private final ClientIdentity ed25519Client;

    private final ClientIdentity mismatchedEd25519KeyClient;

    private final ClientIdentity rsaPssClient;

    private final ClientIdentity mismatchedRsaPssKeyClient;

    /** A second CA the brokers can be told to trust ({@link #trustInBrokers}): for rotations. */
    private final CertificateIssuer secondCa;

    private final Path secondCaCertificate;

    /** What the brokers trust as client CAs; the CA at first. */
    private final Path brokerTrustStore;

    private TestPki(Path directory) {
        try {
            this.directory = Files.createDirectories(directory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not make the directory " + directory, ex);
        }
        Instant now = Instant.now();
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(LEAF_VALIDITY);

        CertificateIssuer ca = CertificateIssuer.selfSignedRoot("CN=kafka-pool test CA,O=kafka-pool tests");
        this.ca = ca;
        this.caCertificate = write("ca.crt", pem(ca.certificate()), false);

        KeyPair brokerKeys = CertificateIssuer.rsaKeyPair();
        X509Certificate broker = ca.issue("CN=localhost,O=kafka-pool tests", brokerKeys, notBefore, notAfter,
                Purpose.SERVER);
        this.brokerKeyStore = write("broker-keystore.pem", pkcs8(brokerKeys.getPrivate(), null)
                + pem(broker) + pem(ca.certificate()), true);

        KeyPair clientKeys = CertificateIssuer.rsaKeyPair();
        X509Certificate clientCertificate = ca.issue(CLIENT_SUBJECT, clientKeys, notBefore, notAfter, Purpose.CLIENT);
        Path clientCert = write("client.crt", pem(clientCertificate), false);
        Path clientKey = write("client.key", pkcs8(clientKeys.getPrivate(), null), true);
        this.client = new ClientIdentity(clientCert, clientKey, null);
        this.clientKeyStore = write("client-keystore.pem",
                pkcs8(clientKeys.getPrivate(), null) + pem(clientCertificate), true);

        this.pkcs1Client = new ClientIdentity(clientCert,
                write("client-pkcs1.key", pem(clientKeys.getPrivate()), true), null);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        this.encryptedKeyClient = new ClientIdentity(clientCert,
                write("client-encrypted.key", pkcs8(clientKeys.getPrivate(), password), true), password);

        this.expiredClient = new ClientIdentity(write("client-expired.crt",
                pem(ca.issue("CN=kafka-pool-expired-client", clientKeys, now.minus(Duration.ofDays(10)),
                        now.minus(Duration.ofDays(1)), Purpose.CLIENT)),
                false), clientKey, null);
        this.notYetValidClient = new ClientIdentity(write("client-not-yet-valid.crt",
                pem(ca.issue("CN=kafka-pool-future-client", clientKeys, now.plus(Duration.ofDays(10)),
                        now.plus(Duration.ofDays(40)), Purpose.CLIENT)),
                false), clientKey, null);

        KeyPair ecKeys = CertificateIssuer.ecKeyPair();
        this.ecClient = new ClientIdentity(
                write("client-ec.crt", pem(ca.issue("CN=kafka-pool-ec-client", ecKeys, notBefore, notAfter,
                        Purpose.CLIENT)), false),
                write("client-ec.key", sec1(ecKeys), true), null);

        CertificateIssuer rogueCa = CertificateIssuer.selfSignedRoot("CN=rogue CA,O=not kafka-pool");
        this.rogueCaCertificate = write("rogue-ca.crt", pem(rogueCa.certificate()), false);
        KeyPair rogueKeys = CertificateIssuer.rsaKeyPair();
        this.rogueClient = new ClientIdentity(
                write("rogue-client.crt", pem(rogueCa.issue("CN=rogue-client", rogueKeys, notBefore, notAfter,
                        Purpose.CLIENT)), false),
                write("rogue-client.key", pkcs8(rogueKeys.getPrivate(), null), true), null);
        this.mismatchedKeyClient = new ClientIdentity(clientCert, this.rogueClient.privateKey(), null);

        this.ed25519Client = issueClient("ed25519", CertificateIssuer.edDsaKeyPair("Ed25519"));
        this.mismatchedEd25519KeyClient = new ClientIdentity(this.ed25519Client.certificate(),
                issueClient("ed25519-other", CertificateIssuer.edDsaKeyPair("Ed25519")).privateKey(), null);
        this.secondCa = CertificateIssuer.selfSignedRoot("CN=kafka-pool second test CA,O=kafka-pool tests");
        this.secondCaCertificate = write("second-ca.crt", pem(this.secondCa.certificate()), false);
        this.brokerTrustStore = write("broker-truststore.pem", pem(ca.certificate()), false);

        this.rsaPssClient = issueClient("rsa-pss", CertificateIssuer.rsaPssKeyPair());
        this.mismatchedRsaPssKeyClient = new ClientIdentity(this.rsaPssClient.certificate(),
                issueClient("rsa-pss-other", CertificateIssuer.rsaPssKeyPair()).privateKey(), null);
    }

    /** Generates a new PKI into {@code directory}, made with its parents when it does not exist. */
    public static TestPki generate(Path directory) {
        return new TestPki(directory);
    }

    /** One PKI per JVM, in a temporary directory removed at exit. */
    public static TestPki shared() {
        TestPki pki = shared;
        if (pki == null) {
            synchronized (TestPki.class) {
                pki = shared;
                if (pki == null) {
                    pki = generate(TemporaryDirectories.create("kafka-pool-pki-"));
                    shared = pki;
                }
            }
        }
        return pki;
    }

    /** The directory holding every file. */
    public Path directory() {
        return this.directory;
    }

    /** CA certificate that signed the brokers and the good clients. */
    public Path caCertificate() {
        return this.caCertificate;
    }

    /** A CA that signed nothing the brokers trust. */
    public Path rogueCaCertificate() {
        return this.rogueCaCertificate;
    }

    /** Broker key (PKCS#8) and certificate chain in one PEM file, as Kafka's PEM key store reads it. */
    public Path brokerKeyStore() {
        return this.brokerKeyStore;
    }

    /** A client the brokers accept: RSA key in PKCS#8, certificate {@link #CLIENT_SUBJECT}. */
    public ClientIdentity client() {
        return this.client;
    }

    /** {@link #client()}'s key and certificate in one PEM file, for plain Kafka clients in tests. */
    public Path clientKeyStore() {
        return this.clientKeyStore;
    }

    /** {@link #client()}'s certificate with its key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    public ClientIdentity pkcs1Client() {
        return this.pkcs1Client;
    }

    /** {@link #client()}'s certificate with its key as encrypted PKCS#8, and the password. */
    public ClientIdentity encryptedKeyClient() {
        return this.encryptedKeyClient;
    }

    /** An EC (P-256) client signed by the CA, key in SEC1 form ({@code BEGIN EC PRIVATE KEY}). */
    public ClientIdentity ecClient() {
        return this.ecClient;
    }

    /** A client signed by the rogue CA: the brokers reject it. */
    public ClientIdentity rogueClient() {
        return this.rogueClient;
    }

    /** A client certificate that expired yesterday. */
    public ClientIdentity expiredClient() {
        return this.expiredClient;
    }

    /** A client certificate valid only from ten days from now. */
    public ClientIdentity notYetValidClient() {
        return this.notYetValidClient;
    }

    /** {@link #client()}'s certificate paired with a key that does not match it. */
    public ClientIdentity mismatchedKeyClient() {
        return this.mismatchedKeyClient;
    }

    /** A client the brokers' CA signed whose key is Ed25519 (EdDSA), in PKCS#8. */
    public ClientIdentity ed25519Client() {
        return this.ed25519Client;
    }

    /** {@link #ed25519Client()}'s certificate paired with another Ed25519 key. */
    public ClientIdentity mismatchedEd25519KeyClient() {
        return this.mismatchedEd25519KeyClient;
    }

    /**
     * A client the brokers' CA signed whose key is RSASSA-PSS (2048 bits) with explicit
     * parameters SHA-256, MGF1 with SHA-256, 32-byte salt, in certificate and PKCS#8 key alike.
     */
    public ClientIdentity rsaPssClient() {
        return this.rsaPssClient;
    }

    /** {@link #rsaPssClient()}'s certificate paired with another RSASSA-PSS key of the same parameters. */
    public ClientIdentity mismatchedRsaPssKeyClient() {
        return this.mismatchedRsaPssKeyClient;
    }

    /** The second CA's certificate: brokers trust it only after {@link #trustInBrokers}. */
    public Path secondCaCertificate() {
        return this.secondCaCertificate;
    }

    /** The PEM file the brokers read their trusted client CAs from, at each start. */
    public Path brokerTrustStore() {
        return this.brokerTrustStore;
    }

    /**
     * Makes the brokers trust client certificates of exactly these CAs from their next start
     * (a restart with other TLS files), e.g. {@code trustInBrokers(caCertificate(),
     * secondCaCertificate())}, then {@code trustInBrokers(secondCaCertificate())}. Kafka checks a
     * broker's own certificate against the CAs it trusts at start (its inter-broker client): before
     * a restart that drops the first CA, {@link #reissueBrokerCertificateBySecondCa()} as well, or the
     * broker exits during startup ("PKIX path building failed" in its output). Only on a PKI of a
     * cluster's own ({@link #generate}): the {@link #shared()} one refuses.
     * @throws IllegalStateException on the shared PKI
     */
    public void trustInBrokers(Path... caCertificates) {
        requireOwn("trustInBrokers");
        StringBuilder trusted = new StringBuilder();
        for (Path certificate : caCertificates) {
            try {
                trusted.append(Files.readString(certificate));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        write(this.directory.relativize(this.brokerTrustStore).toString(), trusted.toString(), false);
    }

    /**
     * A client RSA key and certificate signed by the second CA, valid from an hour ago for 30 days:
     * {@code second-NAME.crt} and {@code second-NAME.key}.
     */
    public ClientIdentity issueSecondCaClient(String name) {
        return issueSecondCaClient(name, LEAF_VALIDITY);
    }

    /**
     * As {@link #issueSecondCaClient(String)}, valid from an hour ago for {@code validity} (a
     * renewal that moves the expiry).
     */
    public ClientIdentity issueSecondCaClient(String name, Duration validity) {
        if (!name.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("name must be letters, digits and '-': " + name);
        }
        Instant now = Instant.now();
        KeyPair keys = CertificateIssuer.rsaKeyPair();
        X509Certificate certificate = this.secondCa.issue("CN=kafka-pool-" + name + "-client,O=kafka-pool tests", keys,
                now.minus(Duration.ofHours(1)), now.plus(validity), Purpose.CLIENT);
        return new ClientIdentity(write("second-" + name + ".crt", pem(certificate), false),
                write("second-" + name + ".key", pkcs8(keys.getPrivate(), null), true), null);
    }

    /**
     * Re-issues the brokers' certificate by the second CA (a cluster CA renewal), in place of
     * {@link #brokerKeyStore()}: brokers present it from their next start, and clients must trust
     * {@link #secondCaCertificate()} by then. Only on a PKI of a cluster's own ({@link #generate}):
     * the {@link #shared()} one refuses.
     * @throws IllegalStateException on the shared PKI
     */
    public void reissueBrokerCertificateBySecondCa() {
        requireOwn("reissueBrokerCertificateBySecondCa");
        Instant now = Instant.now();
        KeyPair brokerKeys = CertificateIssuer.rsaKeyPair();
        X509Certificate broker = this.secondCa.issue("CN=localhost,O=kafka-pool tests", brokerKeys,
                now.minus(Duration.ofHours(1)), now.plus(LEAF_VALIDITY), Purpose.SERVER);
        write(this.directory.relativize(this.brokerKeyStore).toString(), pkcs8(brokerKeys.getPrivate(), null)
                + pem(broker) + pem(this.secondCa.certificate()), true);
    }

    /**
     * Refuses a rotation of the {@link #shared()} PKI: every cluster of the test JVM that starts
     * after it would present or trust the rotated files, while the applications are given the
     * first CA, and fail to connect (in other test classes, far from the cause).
     */
    private void requireOwn(String rotation) {
        if (this == shared) {
            throw new IllegalStateException(rotation + " would rotate the shared TestPki, which every cluster of this "
                    + "test JVM uses (clusters started after it would present or trust the rotated certificates, and "
                    + "the tests of other classes fail to connect). Rotate a PKI of the cluster's own: "
                    + "KafkaCluster.builder().pki(TestPki.generate(directory)).start()");
        }
    }

    /** {@code identity}'s key and certificate in one PEM file, as a plain Kafka client's PEM key store reads it. */
    public Path keyStoreOf(ClientIdentity identity, String name) {
        try {
            return write(name + "-keystore.pem", Files.readString(identity.privateKey())
                    + Files.readString(identity.certificate()), true);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A client certificate signed by the brokers' CA for {@code keys}, valid from an hour ago for
     * 30 days, with its key in unencrypted PKCS#8; written as {@code client-NAME.crt} and
     * {@code client-NAME.key}.
     * @param name a short file-name-safe label, also in the subject ({@code CN=kafka-pool-NAME-client})
     * @param keys any key pair the JDK can encode (RSA, RSASSA-PSS, EC, EdDSA, DSA, XDH, ...)
     */
    public ClientIdentity issueClient(String name, KeyPair keys) {
        return issueClient(name, keys, null);
    }

    /**
     * As {@link #issueClient(String, KeyPair)}, with the key as encrypted PKCS#8 (PBES2,
     * AES-256-CBC, PBKDF2 with HMAC-SHA256) under {@code password} when it is not {@code null}.
     */
    public ClientIdentity issueClient(String name, KeyPair keys, String password) {
        if (!name.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("name must be letters, digits and '-': " + name);
        }
        Instant now = Instant.now();
        Purpose purpose = "RSA".equals(keys.getPublic().getAlgorithm()) ? Purpose.CLIENT : Purpose.SIGNING_CLIENT;
        X509Certificate certificate = this.ca.issue("CN=kafka-pool-" + name + "-client,O=kafka-pool tests", keys,
                now.minus(Duration.ofHours(1)), now.plus(LEAF_VALIDITY), purpose);
        return new ClientIdentity(write("client-" + name + ".crt", pem(certificate), false),
                writePrivateKey(name, keys.getPrivate(), password), password);
    }

    /**
     * Writes {@code key} as {@code client-NAME.key} in PKCS#8, encrypted as
     * {@link #issueClient(String, KeyPair, String)} does when {@code password} is not
     * {@code null}; for keys whose certificate the JDK could not parse, paired with another
     * certificate.
     */
    public Path writePrivateKey(String name, PrivateKey key, String password) {
        if (!name.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("name must be letters, digits and '-': " + name);
        }
        return write("client-" + name + ".key", pkcs8(key, password), true);
    }

    private Path write(String name, String content, boolean secret) {
        Path file = this.directory.resolve(name);
        try {
            Files.writeString(file, content);
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + file, ex);
        }
    }

    private static String pkcs8(PrivateKey key, String password) {
        try {
            OutputEncryptor encryptor = (password != null)
                    ? new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(new BouncyCastleProvider())
                        .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                        .setPassword(password.toCharArray())
                        .build()
                    : null;
            return pem(new JcaPKCS8Generator(key, encryptor));
        }
        catch (OperatorCreationException | PemGenerationException ex) {
            throw new IllegalStateException("Could not encode a PKCS#8 key", ex);
        }
    }

    /**
     * An EC key in SEC1 form as OpenSSL writes it: with the curve and the public key inside, which
     * a converted PKCS#8 key lacks.
     */
    private static String sec1(KeyPair keys) {
        try {
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
            java.security.interfaces.ECPrivateKey privateKey = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
            ECPrivateKey structure = new ECPrivateKey(privateKey.getParams().getOrder().bitLength(), privateKey.getS(),
                    publicKey.getPublicKeyData(), publicKey.getAlgorithm().getParameters());
            return pem(new PemObject("EC PRIVATE KEY", structure.getEncoded()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** PEM of a certificate, a PKCS#8 generator, or a key in its traditional form (PKCS#1, SEC1). */
    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PemObject pemObject) {
                writer.writeObject(pemObject);
            }
            else if (object instanceof PemObjectGenerator generator) {
                writer.writeObject(generator);
            }
            else {
                writer.writeObject(object);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

}
