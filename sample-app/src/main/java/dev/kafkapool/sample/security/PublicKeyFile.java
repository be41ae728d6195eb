package dev.kafkapool.sample.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the file of {@code SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION} before
 * Spring Boot does, and says what it holds when that is not the RSA public key Boot takes (Boot
 * itself stops with a stack trace: "Input byte array has incorrect ending byte"). A file that does
 * not exist is left to Boot, whose report names it. Nothing of the file's text is ever said.
 */
final class PublicKeyFile {

    /** Most bytes read: a public key is well under this; a larger file is no key. */
    private static final int MOST_BYTES = 64 * 1024;

    private static final String PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----";

    private PublicKeyFile() {
    }

    /**
     * @param resources the application context, which resolves a location as Spring Boot does ({@code file:},
     * {@code classpath:}, {@code base64:})
     * @throws ApiPublicKeyUnusableException when the file at {@code location} exists and holds no RSA public key
     * that Spring Security reads
     */
    static void check(String location, ResourceLoader resources) {
        // a base64: location holds the key's own text, which no message shows
        String shown = location.strip().startsWith("base64:") ? "base64:(its text, not shown)" : location.strip();
        Resource resource = resources.getResource(location.strip());
        if (!resource.exists()) {
            return;
        }
        String text;
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(MOST_BYTES + 1);
            if (bytes.length > MOST_BYTES) {
                throw unusable(shown, "more than " + MOST_BYTES / 1024 + " KB",
                        "Point it at the PEM file of the token issuer's RSA public key");
            }
            text = new String(bytes, StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            // unreadable: Boot's own read says why, with the file
            return;
        }
        if (text.contains(PUBLIC_KEY)) {
            String algorithm = publicKeyAlgorithm(text);
            if ("RSA".equals(algorithm)) {
                if (readsAsSpringSecurityDoes(text)) {
                    return;
                }
                throw unusable(shown, "an RSA public key block with more beside it (text before its -----BEGIN line, "
                        + "another block, or text after it)", "Leave only the one -----BEGIN PUBLIC KEY----- block in "
                                + "the file: Spring Security reads the whole file as that block");
            }
            if (algorithm == null) {
                throw unusable(shown, "a public key block that does not parse",
                        "Point it at an intact PEM file of the token issuer's RSA public key");
            }
            throw unusable(shown, "an " + algorithm + " public key", algorithm.startsWith("Ed")
                    ? "Spring Security checks no EdDSA token signatures: have the issuer sign tokens with an RSA or EC key"
                    : "Spring Boot takes only an RSA key from a file: give the issuer's keys as a JSON Web Key set "
                            + "instead (" + ApiSecurityConfiguration.JWK_SET_URI + ", or "
                            + ApiSecurityConfiguration.ISSUER_URI + ") and set "
                            + "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWS_ALGORITHMS to its algorithm (e.g. ES256)");
        }
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            throw unusable(shown, "a certificate", "Write the certificate's public key to a file of its own, e.g. "
                    + "openssl x509 -in <certificate.pem> -pubkey -noout > public-key.pem, and point "
                    + ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + " at it");
        }
        if (text.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw unusable(shown, "an RSA public key in PKCS#1 form (-----BEGIN RSA PUBLIC KEY-----)",
                    "Convert it: openssl rsa -RSAPublicKey_in -in <file> -pubout -out public-key.pem");
        }
        if (text.contains("PRIVATE KEY-----")) {
            throw unusable(shown, "a private key", "Give the API only the public key: openssl pkey -in <key.pem> "
                    + "-pubout -out public-key.pem; the private key belongs to the token issuer alone");
        }
        throw unusable(shown, "no PEM public key", "Point it at the PEM file of the token issuer's RSA public key "
                + "(-----BEGIN PUBLIC KEY-----)");
    }

    /**
     * Whether Spring Security's reader of an X.509 public key takes {@code text}: its first line the BEGIN line, every
     * other line but the BEGIN and END lines one base64 text, an RSA key.
     */
    private static boolean readsAsSpringSecurityDoes(String text) {
        java.util.List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith(PUBLIC_KEY)) {
            return false;
        }
        String base64 = lines.stream()
            .filter((line) -> !line.startsWith(PUBLIC_KEY) && !line.startsWith("-----END PUBLIC KEY-----"))
            .collect(java.util.stream.Collectors.joining());
        try {
            KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return true;
        }
        catch (IllegalArgumentException | GeneralSecurityException ex) {
            return false;
        }
    }

    /** The algorithm of the first public key block, or {@code null} when it does not parse. */
    private static String publicKeyAlgorithm(String text) {
        int start = text.indexOf(PUBLIC_KEY) + PUBLIC_KEY.length();
        int end = text.indexOf("-----END PUBLIC KEY-----", start);
        if (end < 0) {
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(start, end));
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
        for (String algorithm : new String[] { "RSA", "EC", "Ed25519", "Ed448" }) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return algorithm;
            }
            catch (GeneralSecurityException ex) {
                // another algorithm's key, or none
            }
        }
        return null;
    }

    private static ApiPublicKeyUnusableException unusable(String location, String holds, String action) {
        return new ApiPublicKeyUnusableException(location, holds, action);
    }

}
