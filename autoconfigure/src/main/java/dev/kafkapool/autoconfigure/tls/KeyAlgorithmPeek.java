package dev.kafkapool.autoconfigure.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads only the algorithm (and, for EC, the curve) out of a PEM private key that Spring Boot's
 * parser could not turn into a key, so that a key of a type or on a curve this JVM cannot load is
 * named as such instead of being called unreadable. Reads PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * encrypted PKCS#8 given its password, and SEC1 ({@code BEGIN EC PRIVATE KEY}).
 */
final class KeyAlgorithmPeek {

    private static final Pattern BLOCK = Pattern
        .compile("-----BEGIN (PRIVATE KEY|ENCRYPTED PRIVATE KEY|EC PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private static final String EC = "1.2.840.10045.2.1";

    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("1.2.840.113549.1.1.1", "RSA"),
            Map.entry("1.2.840.113549.1.1.10", "RSASSA-PSS"), Map.entry(EC, "EC"),
            Map.entry("1.2.840.10040.4.1", "DSA"), Map.entry("1.3.101.110", "X25519"), Map.entry("1.3.101.111", "X448"),
            Map.entry("1.3.101.112", "Ed25519"), Map.entry("1.3.101.113", "Ed448"),
            Map.entry("1.2.643.7.1.1.1.1", "GOST R 34.10-2012 (256-bit)"),
            Map.entry("1.2.643.7.1.1.1.2", "GOST R 34.10-2012 (512-bit)"),
            Map.entry("2.16.840.1.101.3.4.3.17", "ML-DSA-44"), Map.entry("2.16.840.1.101.3.4.3.18", "ML-DSA-65"),
            Map.entry("2.16.840.1.101.3.4.3.19", "ML-DSA-87"), Map.entry("1.2.840.10045.3.1.7", "secp256r1"),
            Map.entry("1.3.132.0.34", "secp384r1"), Map.entry("1.3.132.0.35", "secp521r1"),
            Map.entry("1.3.132.0.10", "secp256k1"), Map.entry("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1"),
            Map.entry("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1"),
            Map.entry("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1"), Map.entry("1.2.156.10197.1.301", "SM2"));

    private static final Set<String> JAVA_ALGORITHMS = Set.of("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10", EC,
            "1.2.840.10040.4.1", "1.3.101.110", "1.3.101.111", "1.3.101.112", "1.3.101.113");

    private KeyAlgorithmPeek() {
    }

    /**
     * What {@code pem}'s key is, when it is a type or curve Java 17 cannot load.
     *
     * @param pem the key file's text
     * @param password the password of an encrypted key, or {@code null}
     * @return e.g. {@code "an EC key on curve brainpoolP256r1 (1.3.36.3.3.2.8.1.1.7)"}; {@code null}
     * when the type is one Java loads, or the key cannot be read far enough to tell
     */
    static String unsupportedAlgorithm(String pem, String password) {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            return null;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            return switch (block.group(1)) {
                case "EC PRIVATE KEY" -> unsupportedCurve(sec1Curve(ByteBuffer.wrap(der)));
                case "ENCRYPTED PRIVATE KEY" -> (password != null) ? unsupportedPkcs8(decrypt(der, password)) : null;
                default -> unsupportedPkcs8(der);
            };
        }
        catch (IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException | IOException
                | GeneralSecurityException ex) {
            return null;
        }
    }

    private static String unsupportedPkcs8(byte[] der) {
        ByteBuffer privateKeyInfo = contents(ByteBuffer.wrap(der), 0x30);
        contents(privateKeyInfo, 0x02);
        ByteBuffer algorithmIdentifier = contents(privateKeyInfo, 0x30);
        String algorithm = oid(contents(algorithmIdentifier, 0x06));
        if (!JAVA_ALGORITHMS.contains(algorithm)) {
            return "a key of algorithm " + name(algorithm);
        }
        if (EC.equals(algorithm) && algorithmIdentifier.hasRemaining()
                && (algorithmIdentifier.get(algorithmIdentifier.position()) & 0xff) == 0x06) {
            return unsupportedCurve(oid(contents(algorithmIdentifier, 0x06)));
        }
        return null;
    }

    /** The curve of a SEC1 ECPrivateKey: SEQUENCE { version, privateKey, [0] parameters, [1] publicKey }. */
    private static String sec1Curve(ByteBuffer der) {
        ByteBuffer ecPrivateKey = contents(der, 0x30);
        contents(ecPrivateKey, 0x02);
        contents(ecPrivateKey, 0x04);
        if (!ecPrivateKey.hasRemaining() || (ecPrivateKey.get(ecPrivateKey.position()) & 0xff) != 0xa0) {
            return null;
        }
        return oid(contents(contents(ecPrivateKey, 0xa0), 0x06));
    }

    /** Names {@code curve} when this JVM does not know it; a known curve is not why the key failed to load. */
    private static String unsupportedCurve(String curve) {
        if (curve == null) {
            return null;
        }
        try {
            AlgorithmParameters.getInstance("EC").init(new ECGenParameterSpec(curve));
            return null;
        }
        catch (GeneralSecurityException ex) {
            return "an EC key on curve " + name(curve);
        }
    }

    private static byte[] decrypt(byte[] der, String password) throws IOException, GeneralSecurityException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters parameters = info.getAlgParameters();
        String algorithm = (parameters != null) ? parameters.toString() : info.getAlgName();
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
                parameters);
        return cipher.doFinal(info.getEncryptedData());
    }

    private static String name(String oid) {
        String name = NAMES.get(oid);
        return (name != null) ? name + " (" + oid + ")" : oid;
    }

    /** The contents of the DER element at {@code der}'s position, which must carry {@code tag}; advances past it. */
    private static ByteBuffer contents(ByteBuffer der, int tag) {
        int actual = der.get() & 0xff;
        if (actual != tag) {
            throw new IllegalArgumentException("expected DER tag " + tag + ", found " + actual);
        }
        int length = der.get() & 0xff;
        if (length > 0x7f) {
            int octets = length & 0x7f;
            if (octets > 3) {
                throw new IllegalArgumentException("DER length too long");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der.get() & 0xff);
            }
        }
        ByteBuffer contents = der.slice();
        contents.limit(length);
        der.position(der.position() + length);
        return contents;
    }

    private static String oid(ByteBuffer encoded) {
        StringBuilder oid = new StringBuilder();
        long value = 0;
        boolean first = true;
        while (encoded.hasRemaining()) {
            int octet = encoded.get() & 0xff;
            value = (value << 7) | (octet & 0x7f);
            if ((octet & 0x80) == 0) {
                if (first) {
                    int arc = (int) Math.min(value / 40, 2);
                    oid.append(arc).append('.').append(value - 40L * arc);
                    first = false;
                }
                else {
                    oid.append('.').append(value);
                }
                value = 0;
            }
        }
        return oid.toString();
    }

}
