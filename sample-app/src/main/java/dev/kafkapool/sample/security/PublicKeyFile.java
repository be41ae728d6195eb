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
     * @throws ApiPublicKeyUnusableException when the file at {@code location} exists and holds no RSA public key
     */
    static void check(String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location.strip());
        if (!resource.exists()) {
            return;
        }
        String text;
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(MOST_BYTES + 1);
            if (bytes.length > MOST_BYTES) {
                throw unusable(location, "more than " + MOST_BYTES / 1024 + " KB",
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
                return;
            }
            throw unusable(location, (algorithm != null) ? "an " + algorithm + " public key" : "a public key block that does not parse",
                    (algorithm != null) ? "Spring Boot takes only an RSA key from a file: give the issuer's keys as a JSON Web Key "
                            + "set instead (" + ApiSecurityConfiguration.JWK_SET_URI + ", or "
                            + ApiSecurityConfiguration.ISSUER_URI + "), which takes EC keys too"
                            : "Point it at an intact PEM file of the token issuer's RSA public key");
        }
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            throw unusable(location, "a certificate", "Write the certificate's public key to a file of its own, e.g. "
                    + "openssl x509 -in <certificate.pem> -pubkey -noout > public-key.pem, and point "
                    + ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + " at it");
        }
        if (text.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw unusable(location, "an RSA public key in PKCS#1 form (-----BEGIN RSA PUBLIC KEY-----)",
                    "Convert it: openssl rsa -RSAPublicKey_in -in <file> -pubout -out public-key.pem");
        }
        if (text.contains("PRIVATE KEY-----")) {
            throw unusable(location, "a private key", "Give the API only the public key: openssl pkey -in <key.pem> "
                    + "-pubout -out public-key.pem; the private key belongs to the token issuer alone");
        }
        throw unusable(location, "no PEM public key", "Point it at the PEM file of the token issuer's RSA public key "
                + "(-----BEGIN PUBLIC KEY-----)");
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
