package dev.kafkapool.autoconfigure.tls;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;

import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.tls.KeyCertificateMatch.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts the loader's messages rest on, for keys that no PEM file in the test PKI holds. */
class KeyCertificateMatchTests {

    @Test
    void aKeyOfAnAlgorithmItDoesNotKnowIsUnknownNotMismatched() throws Exception {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        KeyCertificateMatch.Result result = KeyCertificateMatch.check(new ForeignKey("GOST3410-2012"), ed25519.getPublic());

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN_TYPE);
        assertThat(result.explanation()).isEqualTo("kafka-pool does not know how to sign with a key of algorithm"
                + " 'GOST3410-2012', so it cannot check it and Java's TLS would not use it");
    }

    @Test
    void eachKeyMatchesItsOwnPublicKeyAndNoOther() throws Exception {
        for (String algorithm : new String[] { "RSA", "RSASSA-PSS", "EC", "Ed25519", "Ed448", "DSA" }) {
            KeyPair one = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            KeyPair other = KeyPairGenerator.getInstance(algorithm).generateKeyPair();

            assertThat(KeyCertificateMatch.check(one.getPrivate(), one.getPublic()).verdict()).as(algorithm)
                .isEqualTo(Verdict.MATCHES);
            assertThat(KeyCertificateMatch.check(one.getPrivate(), other.getPublic()).verdict()).as(algorithm)
                .isEqualTo(Verdict.DIFFERENT_KEY);
        }
    }

    @Test
    void anRsaKeyWithTheCertificatesModulusButAWrongCrtValueIsNotCalledAMatch() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        BigInteger[] values = { key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient() };
        for (int broken = 0; broken < values.length; broken++) {
            BigInteger[] crt = values.clone();
            crt[broken] = crt[broken].add(BigInteger.TWO);
            PrivateKey tampered = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                    key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrimeP(),
                    key.getPrimeQ(), crt[0], crt[1], crt[2]));

            assertThat(KeyCertificateMatch.check(tampered, pair.getPublic()).verdict()).as("CRT value %d", broken)
                .isEqualTo(Verdict.DAMAGED);
        }
        assertThat(KeyCertificateMatch.check(key, pair.getPublic()).verdict()).isEqualTo(Verdict.MATCHES);
    }

    @Test
    void anRsaKeyWhoseModulusIsNotTheProductOfItsPrimesIsDamagedWhicheverCertificateItIsCheckedWith()
            throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        PrivateKey damaged = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                key.getModulus().add(BigInteger.TWO), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient()));

        assertThat(KeyCertificateMatch.check(damaged, pair.getPublic()).verdict()).isEqualTo(Verdict.DAMAGED);
        assertThat(KeyCertificateMatch.check(damaged, KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic())
            .verdict()).isEqualTo(Verdict.DAMAGED);
        // the private exponent alone damaged: Java signs with the CRT values and would not notice
        PrivateKey badExponent = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                key.getModulus(), key.getPublicExponent(), key.getPrivateExponent().add(BigInteger.TWO),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient()));
        assertThat(KeyCertificateMatch.check(badExponent, pair.getPublic()).verdict()).isEqualTo(Verdict.DAMAGED);
    }

    @Test
    void aPssKeyTooShortForItsOwnParametersCannotSignEvenThoughItsNumbersArePaired() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSASSA-PSS");
        generator.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4,
                new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 100, PSSParameterSpec.TRAILER_FIELD_BC)));
        KeyPair pair = generator.generateKeyPair();

        assertThat(KeyCertificateMatch.check(pair.getPrivate(), pair.getPublic()).verdict()).isEqualTo(Verdict.CANNOT_SIGN);
    }

    @Test
    void describesKeysByTypeAndSizeOrCurve() throws Exception {
        assertThat(KeyCertificateMatch.describe(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()))
            .isEqualTo("Ed448");
        assertThat(KeyCertificateMatch.describe(KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate()))
            .isEqualTo("EC secp256r1");
        assertThat(KeyCertificateMatch.describe(KeyPairGenerator.getInstance("RSASSA-PSS").generateKeyPair().getPrivate()))
            .isEqualTo("RSASSA-PSS 2048-bit");
    }

    /** A key of a provider this JVM does not have. */
    private record ForeignKey(String algorithm) implements PrivateKey {

        @Override
        public String getAlgorithm() {
            return this.algorithm;
        }

        @Override
        public String getFormat() {
            return "PKCS#8";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }

    }

}
