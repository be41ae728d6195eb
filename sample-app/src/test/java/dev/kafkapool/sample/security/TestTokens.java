package dev.kafkapool.sample.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * RS256 tokens minted by the tests themselves, with a key made for the run: no identity provider.
 * The app trusts {@link #ISSUER} and the public key {@link #writePublicKey} writes; {@link #foreign()}
 * signs with another key.
 */
public final class TestTokens {

    /** The issuer the app under test trusts. */
    public static final String ISSUER = "https://issuer.kafka-pool.test";

    private static final TestTokens TRUSTED = new TestTokens();

    private static final TestTokens FOREIGN = new TestTokens();

    private final RSAKey key;

    private TestTokens() {
        try {
            this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Tokens signed with the key the app trusts. */
    public static TestTokens trusted() {
        return TRUSTED;
    }

    /** Tokens signed with a key the app does not know. */
    public static TestTokens foreign() {
        return FOREIGN;
    }

    /** Writes the trusted public key as PEM into {@code directory}; its {@code file:} location. */
    public static String writePublicKey(Path directory) {
        try {
            byte[] der = TRUSTED.key.toRSAPublicKey().getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
            Path file = Files.createDirectories(directory).resolve("public.pem");
            Files.writeString(file, pem);
            return "file:" + file.toAbsolutePath();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The trusted public key as a JSON Web Key set, as an issuer serves it at its JWK set URI. */
    public static String trustedKeySet() {
        return new JWKSet(TRUSTED.key.toPublicJWK()).toString();
    }

    /** A token of {@code subject} with {@code scopes} (space-separated), from {@link #ISSUER}, valid for 5 minutes. */
    public String token(String subject, String scopes) {
        return token(subject, scopes, ISSUER, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** Such a token whose header names the key {@code keyId}, whichever key signs it. */
    public String tokenWithKeyId(String keyId, String subject, String scopes) {
        return sign(keyId, subject, scopes, ISSUER, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** A token with every claim chosen. */
    public String token(String subject, String scopes, String issuer, Instant expiry) {
        return sign(this.key.getKeyID(), subject, scopes, issuer, expiry);
    }

    /** A token whose scopes are the claim {@code claim} ({@code scope} or {@code scp}) holding {@code value} as it is. */
    public String tokenWithScopeClaim(String subject, String claim, Object value) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
            .issuer(ISSUER)
            .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(1))))
            .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
            .claim(claim, value)
            .build();
        return sign(this.key.getKeyID(), null, claims);
    }

    /** Such a token without an {@code exp} claim: it would never expire. */
    public String tokenWithoutExpiry(String subject, String scopes) {
        return sign(this.key.getKeyID(), subject, scopes, ISSUER, null);
    }

    /** A token whose header's {@code typ} is {@code type} ({@code at+jwt}: an RFC 9068 access token). */
    public String tokenOfType(String type, String subject, String scopes) {
        return sign(this.key.getKeyID(), new JOSEObjectType(type), subject, scopes, ISSUER,
                Instant.now().plus(Duration.ofMinutes(5)));
    }

    private String sign(String keyId, String subject, String scopes, String issuer, Instant expiry) {
        return sign(keyId, null, subject, scopes, issuer, expiry);
    }

    private String sign(String keyId, JOSEObjectType type, String subject, String scopes, String issuer,
            Instant expiry) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
            .issuer(issuer)
            .issueTime(Date.from(((expiry != null) ? expiry : Instant.now()).minus(Duration.ofMinutes(10))))
            .expirationTime((expiry != null) ? Date.from(expiry) : null)
            .claim("scope", scopes)
            .build();
        return sign(keyId, type, claims);
    }

    private String sign(String keyId, JOSEObjectType type, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(type).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(this.key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

}
