package dev.kafkapool.autoconfigure.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Whether a private key belongs to a certificate's public key, for every key type Java's TLS can
 * sign a handshake with: RSA, RSASSA-PSS, EC, EdDSA (Ed25519, Ed448) and DSA. An RSA key with its
 * CRT parameters (PKCS#1 and PKCS#8 keys have them) is checked by arithmetic on its numbers;
 * otherwise, and whenever that check fails, a probe is signed with the private key and verified
 * with the public key, with the signature algorithm of the key's own type (for RSASSA-PSS, with
 * the key's own PSS parameters). A key that cannot sign (X25519, X448) or whose type this class
 * does not know is reported as such, never as a mismatch.
 */
final class KeyCertificateMatch {

    /** Parameters RFC 8017 and OpenSSL use for a PSS key that carries none. */
    private static final PSSParameterSpec DEFAULT_PSS = new PSSParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

    private static final byte[] PROBE = "kafka-pool key check".getBytes(StandardCharsets.UTF_8);

    private KeyCertificateMatch() {
    }

    /** How a private key relates to a certificate's public key. */
    enum Verdict {

        /** The private key signs what the public key verifies. */
        MATCHES,

        /** The two keys are of different types (say Ed25519 and RSA): they cannot be a pair. */
        DIFFERENT_TYPE,

        /** Same type, but a signature made with the private key does not verify with the public key. */
        DIFFERENT_KEY,

        /**
         * The key cannot sign: its type only agrees on keys, or this JVM cannot sign with it (an EC
         * curve it knows but has no ECDSA for); so it cannot authenticate a TLS client.
         */
        CANNOT_SIGN,

        /** A key type this check does not know, or whose signature algorithm this JVM lacks. */
        UNKNOWN_TYPE,

        /**
         * An RSA key whose own numbers do not agree (its primes do not multiply to its modulus, or a
         * CRT value does not fit them): the file was damaged or edited. Java's RSA signs with the CRT
         * values and refuses to give out a signature that does not verify, so it could not sign either.
         */
        DAMAGED

    }

    /**
     * The verdict with a short explanation in plain words; no key material.
     *
     * @param verdict how the keys relate
     * @param explanation why, for a startup failure report
     */
    record Result(Verdict verdict, String explanation) {
    }

    static Result check(PrivateKey privateKey, PublicKey publicKey) {
        String keyType = type(privateKey);
        String signatureAlgorithm = signatureAlgorithm(privateKey);
        if (signatureAlgorithm == null) {
            return (isKeyAgreementOnly(privateKey))
                    ? new Result(Verdict.CANNOT_SIGN, "an " + keyType
                            + " key only agrees on secrets and cannot sign, so it cannot prove the client's identity in a TLS handshake")
                    : new Result(Verdict.UNKNOWN_TYPE, "kafka-pool does not know how to sign with a key of algorithm '"
                            + privateKey.getAlgorithm() + "', so it cannot check it and Java's TLS would not use it");
        }
        String certificateKeyType = type(publicKey);
        if (!keyType.equals(certificateKeyType)) {
            return new Result(Verdict.DIFFERENT_TYPE, "the key is " + describe(privateKey)
                    + " but the certificate's public key is " + describe(publicKey));
        }
        if (privateKey instanceof RSAPrivateCrtKey crt && contradictsItself(crt)) {
            return new Result(Verdict.DAMAGED, "its numbers do not form one RSA key (its primes, modulus and exponents "
                    + "disagree), so the file was damaged or edited after the key was made; no TLS can sign with it");
        }
        AlgorithmParameterSpec parameters = signatureParameters(privateKey);
        if (parameters instanceof PSSParameterSpec keyPss && publicKey instanceof RSAKey rsaPublicKey
                && rsaPublicKey.getParams() instanceof PSSParameterSpec certificatePss
                && !describe(keyPss).equals(describe(certificatePss))) {
            return new Result(Verdict.DIFFERENT_KEY, "the key's PSS parameters (" + describe(keyPss)
                    + ") differ from the certificate's (" + describe(certificatePss) + ")");
        }
        byte[] signature;
        try {
            // initialising refuses what this JVM cannot sign with (a PSS key too short for its digest, ...)
            Signature signer = signature(signatureAlgorithm, parameters);
            signer.initSign(privateKey);
            if (privateKey instanceof RSAPrivateCrtKey crt && publicKey instanceof RSAPublicKey rsaPublic
                    && isPairByArithmetic(crt, rsaPublic.getModulus(), rsaPublic.getPublicExponent())) {
                return matches(privateKey);
            }
            signer.update(PROBE);
            signature = signer.sign();
        }
        catch (NoSuchAlgorithmException ex) {
            return new Result(Verdict.UNKNOWN_TYPE,
                    "this JVM has no " + signatureAlgorithm + " signature, so it can neither check nor use the " + keyType + " key");
        }
        catch (InvalidKeyException | InvalidAlgorithmParameterException | SignatureException ex) {
            return new Result(Verdict.CANNOT_SIGN, "this JVM cannot sign with the " + describe(privateKey) + " key ("
                    + signatureAlgorithm + ": " + ex.getMessage() + "), so its TLS cannot use it either");
        }
        try {
            Signature verifier = signature(signatureAlgorithm, parameters);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            if (verifier.verify(signature)) {
                return matches(privateKey);
            }
        }
        catch (NoSuchAlgorithmException | InvalidKeyException | InvalidAlgorithmParameterException | SignatureException ex) {
            // the certificate's key rejects the signature outright: not the same key
        }
        return new Result(Verdict.DIFFERENT_KEY, "both are " + keyType + ", but a signature made with the key ("
                + describe(privateKey) + ") does not verify with the certificate's public key ("
                + describe(publicKey) + ")");
    }

    /** The one verdict of a match, however it was found. */
    private static Result matches(PrivateKey privateKey) {
        return new Result(Verdict.MATCHES, "the key is " + describe(privateKey) + " and signs for the certificate");
    }

    /**
     * Whether an RSA key's own numbers disagree: its CRT values with its modulus and public exponent
     * (as {@link #isPairByArithmetic} checks them), or its private exponent with them
     * ({@code e·d ≡ 1 mod lcm(p−1, q−1)}, true of every RSA key, whichever of the two conventions made
     * {@code d}). A key that leaves a value out is not judged here.
     */
    private static boolean contradictsItself(RSAPrivateCrtKey key) {
        BigInteger n = key.getModulus();
        BigInteger e = key.getPublicExponent();
        BigInteger d = key.getPrivateExponent();
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        if (n == null || e == null || d == null || p == null || q == null || key.getPrimeExponentP() == null
                || key.getPrimeExponentQ() == null || key.getCrtCoefficient() == null) {
            return false;
        }
        if (!isPairByArithmetic(key, n, e)) {
            return true;
        }
        BigInteger pMinusOne = p.subtract(BigInteger.ONE);
        BigInteger qMinusOne = q.subtract(BigInteger.ONE);
        BigInteger lambda = pMinusOne.divide(pMinusOne.gcd(qMinusOne)).multiply(qMinusOne);
        return !e.multiply(d).mod(lambda).equals(BigInteger.ONE);
    }

    /**
     * Whether an RSA key with CRT parameters is the one of modulus {@code n} and public exponent
     * {@code e} (a certificate's, or its own) by arithmetic alone, without a
     * private-key operation (tens of milliseconds while the JVM is cold): the same modulus and
     * public exponent, {@code p·q = n}, and the CRT values a signature is computed with consistent
     * with them ({@code e·dP ≡ 1 mod p−1}, {@code e·dQ ≡ 1 mod q−1}, {@code qInv·q ≡ 1 mod p}).
     * When any of these fails (or a value is missing), the probe signature decides. Called once the
     * JVM has accepted the key for signing, which costs no private-key operation.
     */
    private static boolean isPairByArithmetic(RSAPrivateCrtKey key, BigInteger n, BigInteger e) {
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        BigInteger dP = key.getPrimeExponentP();
        BigInteger dQ = key.getPrimeExponentQ();
        BigInteger qInv = key.getCrtCoefficient();
        if (n == null || e == null || p == null || q == null || dP == null || dQ == null || qInv == null
                || !n.equals(key.getModulus()) || !e.equals(key.getPublicExponent()) || p.signum() <= 0
                || q.signum() <= 0 || !p.multiply(q).equals(n)) {
            return false;
        }
        BigInteger pMinusOne = p.subtract(BigInteger.ONE);
        BigInteger qMinusOne = q.subtract(BigInteger.ONE);
        return pMinusOne.signum() > 0 && qMinusOne.signum() > 0
                && e.multiply(dP).mod(pMinusOne).equals(BigInteger.ONE)
                && e.multiply(dQ).mod(qMinusOne).equals(BigInteger.ONE) && qInv.multiply(q).mod(p).equals(BigInteger.ONE);
    }

    /** The key types Java's TLS signs a client's handshake with, for the action of a refusal. */
    static final String TLS_SIGNING_TYPES = "RSA, RSASSA-PSS, EC on P-256/P-384/P-521, Ed25519 or Ed448";

    /**
     * Why a client's private key, checked against its certificate as {@code result}, cannot
     * authenticate a TLS client even where it belongs to its certificate, as the rest of a sentence
     * that names the key ("the private key in tls.key " + this); {@code null} when it can. A client
     * proves its certificate by signing the handshake: a key that cannot sign (X25519, X448, a type
     * this JVM cannot sign with) never can, and a DSA key cannot where the client offers TLS 1.3
     * (RFC 8446 dropped DSA), which brokers choose. The one rule for the PEM files and SSL bundles.
     */
    static String tlsClientRefusal(PrivateKey key, Result result, java.util.function.BooleanSupplier offersTls13) {
        return switch (result.verdict()) {
            case CANNOT_SIGN, UNKNOWN_TYPE -> "cannot authenticate this client: " + result.explanation();
            // asked only for a DSA key: a bundle answers it by making an SSL context
            case MATCHES -> ("DSA".equals(key.getAlgorithm()) && offersTls13.getAsBoolean()) ? "is " + describe(key)
                    + ", which cannot authenticate a TLS 1.3 client (RFC 8446 dropped DSA) and this client offers"
                    + " TLS 1.3, which brokers choose: the broker would reject the handshake with bad_certificate" : null;
            default -> null;
        };
    }

    /**
     * The key's type as TLS sees it: RSA, RSASSA-PSS, EC, DSA, or the curve for EdDSA and XDH keys
     * (Ed25519, Ed448, X25519, X448), whose JCA algorithm name does not tell the curve.
     */
    static String type(Key key) {
        if (key instanceof EdECKey edEc) {
            return edEc.getParams().getName();
        }
        if (key instanceof XECKey xec && xec.getParams() instanceof NamedParameterSpec named) {
            return named.getName();
        }
        return key.getAlgorithm();
    }

    /** The key's type with its size, curve or parameters, e.g. {@code RSA 2048-bit}, {@code EC secp384r1}. */
    static String describe(Key key) {
        if (key instanceof RSAKey rsa) {
            String size = type(key) + " " + rsa.getModulus().bitLength() + "-bit";
            return (rsa.getParams() instanceof PSSParameterSpec pss) ? size + " (" + describe(pss) + ")" : size;
        }
        if (key instanceof ECKey ec) {
            String curve = ec.getParams().toString();
            int bracket = curve.indexOf(' ');
            return "EC " + ((bracket > 0) ? curve.substring(0, bracket)
                    : ec.getParams().getOrder().bitLength() + "-bit curve");
        }
        if (key instanceof DSAKey dsa && dsa.getParams() != null) {
            return "DSA " + dsa.getParams().getP().bitLength() + "-bit";
        }
        return type(key);
    }

    private static String describe(PSSParameterSpec pss) {
        String mgf = (pss.getMGFParameters() instanceof MGF1ParameterSpec mgf1) ? pss.getMGFAlgorithm() + " with "
                + mgf1.getDigestAlgorithm() : pss.getMGFAlgorithm();
        return pss.getDigestAlgorithm() + ", " + mgf + ", salt " + pss.getSaltLength() + " bytes";
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
    }

    private static AlgorithmParameterSpec signatureParameters(PrivateKey key) {
        if (!"RSASSA-PSS".equals(key.getAlgorithm())) {
            return null;
        }
        return (((RSAKey) key).getParams() instanceof PSSParameterSpec own) ? own : DEFAULT_PSS;
    }

    private static boolean isKeyAgreementOnly(PrivateKey key) {
        return key instanceof XECKey || "XDH".equals(key.getAlgorithm()) || "DH".equals(key.getAlgorithm());
    }

    private static Signature signature(String algorithm, AlgorithmParameterSpec parameters)
            throws NoSuchAlgorithmException, InvalidAlgorithmParameterException {
        Signature signature = Signature.getInstance(algorithm);
        if (parameters != null) {
            signature.setParameter(parameters);
        }
        return signature;
    }

}
