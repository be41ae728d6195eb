package dev.kafkapool.testsupport.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that signs leaf certificates for the test PKI. One job: turn a subject,
 * a validity window and a purpose into a signed {@link X509Certificate}.
 */
final class CertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name name;

    private final KeyPair keyPair;

    private final X509Certificate certificate;

    private CertificateIssuer(X500Name name, KeyPair keyPair, X509Certificate certificate) {
        this.name = name;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A self-signed root CA valid from an hour ago for a year. */
    static CertificateIssuer selfSignedRoot(String distinguishedName) {
        X500Name name = x500Name(distinguishedName);
        KeyPair keyPair = rsaKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = sign(name, keyPair, name, keyPair, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)), Purpose.CERTIFICATE_AUTHORITY);
        return new CertificateIssuer(name, keyPair, certificate);
    }

    X509Certificate certificate() {
        return this.certificate;
    }

    KeyPair keyPair() {
        return this.keyPair;
    }

    /** Signs a leaf certificate for {@code subjectKeys}, valid in {@code [notBefore, notAfter]}. */
    X509Certificate issue(String subject, KeyPair subjectKeys, Instant notBefore, Instant notAfter, Purpose purpose) {
        return sign(this.name, this.keyPair, x500Name(subject), subjectKeys, notBefore, notAfter, purpose);
    }

    /** Encodes {@code distinguishedName} in RFC 2253 order, as the JDK prints it back. */
    private static X500Name x500Name(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("RSA key generation failed", ex);
        }
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("EC key generation failed", ex);
        }
    }

    /**
     * An RSASSA-PSS key pair (OID id-RSASSA-PSS) whose keys carry explicit parameters:
     * SHA-256, MGF1 with SHA-256, 32-byte salt, as {@code openssl genpkey -algorithm RSA-PSS
     * -pkeyopt rsa_pss_keygen_md:sha256} writes them.
     */
    static KeyPair rsaPssKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSASSA-PSS");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4,
                    new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)), RANDOM);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("RSASSA-PSS key generation failed", ex);
        }
    }

    /** An EdDSA key pair on {@code curve}: {@code Ed25519} or {@code Ed448}. */
    static KeyPair edDsaKeyPair(String curve) {
        try {
            return KeyPairGenerator.getInstance(curve).generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(curve + " key generation failed", ex);
        }
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
            Instant notBefore, Instant notAfter, Purpose purpose) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKeys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            purpose.addExtensions(builder);
            String algorithm = "EC".equals(issuerKeys.getPrivate().getAlgorithm()) ? "SHA256withECDSA"
                    : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        }
        catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
            throw new IllegalStateException("Could not sign a test certificate for " + subject, ex);
        }
    }

    /** What a certificate may be used for, expressed as X.509 extensions. */
    enum Purpose {

        CERTIFICATE_AUTHORITY {
            @Override
            void addExtensions(X509v3CertificateBuilder builder) throws CertIOException {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            }
        },

        /** A broker: serves TLS for localhost and 127.0.0.1, and is a client of its peers. */
        SERVER {
            @Override
            void addExtensions(X509v3CertificateBuilder builder) throws CertIOException {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
                builder.addExtension(Extension.subjectAlternativeName, false, loopbackNames());
            }
        },

        CLIENT {
            @Override
            void addExtensions(X509v3CertificateBuilder builder) throws CertIOException {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        },

        /**
         * A client whose key can only sign (EdDSA, RSASSA-PSS, DSA, ECDSA): key usage
         * digitalSignature alone, as RFC 8410 and RFC 4055 allow for such keys.
         */
        SIGNING_CLIENT {
            @Override
            void addExtensions(X509v3CertificateBuilder builder) throws CertIOException {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        };

        abstract void addExtensions(X509v3CertificateBuilder builder) throws CertIOException;

        private static GeneralNames loopbackNames() {
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            try {
                names.add(new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName()));
            }
            catch (UnknownHostException ex) {
                // loopback names are enough
            }
            return new GeneralNames(names.toArray(GeneralName[]::new));
        }

    }

}
