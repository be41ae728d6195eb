package dev.kafkapool.sample.security;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import dev.kafkapool.sample.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * With API security on, exactly one of the three ways to check a token's signature: two would
 * have Spring Boot use one and silently ignore the other, so startup stops and says which.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeySettingsTests {

    @Test
    void aPublicKeyAndAKeySetUriTogetherStopStartupNamingBoth() {
        String publicKey = TestTokens.writePublicKey(Path.of("target", "key-settings-tests"));
        Throwable failure = start("spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey,
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks");

        ApiSecurityNotConfiguredException cause = cause(failure);
        assertThat(cause).hasMessageContaining(ApiSecurityConfiguration.JWK_SET_URI)
            .hasMessageContaining(ApiSecurityConfiguration.PUBLIC_KEY_LOCATION)
            .hasMessageNotContaining(ApiSecurityConfiguration.ISSUER_URI);
        FailureAnalysis analysis = new ApiSecurityFailureAnalyzer().analyze(failure);
        assertThat(analysis.getAction()).startsWith("Set exactly one of");
    }

    @Test
    void anIssuerAndAKeySetUriTogetherStopStartupToo() {
        Throwable failure = start("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/x",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks");

        assertThat(cause(failure)).hasMessageContaining(ApiSecurityConfiguration.ISSUER_URI)
            .hasMessageContaining(ApiSecurityConfiguration.JWK_SET_URI);
    }

    @Test
    void aPublicKeyWithoutAnExpectedIssuerIsWarnedAboutAndWithOneIsNot(CapturedOutput output) {
        String publicKey = TestTokens.writePublicKey(Path.of("target", "key-settings-tests"));
        String warning = "SAMPLE_SECURITY_EXPECTED_ISSUER is not set: a token signed by those keys is accepted "
                + "whatever its issuer";
        startAndStop("spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey);
        assertThat(output.getOut()).contains(warning).contains(ApiSecurityConfiguration.PUBLIC_KEY_LOCATION);
        int warned = output.getOut().length();

        startAndStop("spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey,
                "sample.security.expected-issuer=https://issuer.example");
        assertThat(output.getOut().substring(warned)).doesNotContain(warning);
    }

    @Test
    void anExpectedIssuerSetEmptyIsNotCheckedAsTheWarningSays(CapturedOutput output) {
        // SAMPLE_SECURITY_EXPECTED_ISSUER= refused every token ("The iss claim is not valid") under a WARN that said
        // tokens of any issuer were accepted
        String publicKey = TestTokens.writePublicKey(Path.of("target", "key-settings-tests"));
        String token = TestTokens.trusted().token("client", "publish:demo", "https://any.example", Instant.now().plusSeconds(300));
        for (String empty : List.of("", " ")) {
            try (ConfigurableApplicationContext context = run(
                    "spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey,
                    "sample.security.expected-issuer=" + empty)) {
                assertThat(context.getBean(JwtDecoder.class).decode(token).getIssuer()).hasToString("https://any.example");
            }
        }
        assertThat(output.getOut()).contains("SAMPLE_SECURITY_EXPECTED_ISSUER is not set");
        try (ConfigurableApplicationContext context = run(
                "spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey,
                "sample.security.expected-issuer=https://issuer.example")) {
            assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
                .withMessageContaining("iss");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "certificate|holds a certificate, not an RSA public key|openssl x509 -in <certificate.pem> -pubkey -noout",
            "ec public key|holds an EC public key|" + ApiSecurityConfiguration.JWK_SET_URI,
            "private key|holds a private key|openssl pkey -in <key.pem> -pubout",
            "pkcs1 public key|holds an RSA public key in PKCS#1 form|openssl rsa -RSAPublicKey_in",
            "text|holds no PEM public key|PEM file of the token issuer's RSA public key",
            "rsa key and a certificate|holds an RSA public key block with more beside it|Leave only the one" })
    void aPublicKeyFileThatHoldsNoRsaPublicKeyStopsStartupSayingWhatItHolds(String holds, String problem, String action,
            CapturedOutput output) throws Exception {
        // Boot stopped with a stack trace ending in "Input byte array has incorrect ending byte"
        Path directory = java.nio.file.Files.createDirectories(Path.of("target", "key-settings-tests"));
        Path file = directory.resolve(holds.replace(' ', '-') + ".pem");
        String body = switch (holds) {
            case "certificate" -> java.nio.file.Files.readString(dev.kafkapool.testsupport.pki.TestPki.shared().caCertificate());
            case "ec public key" -> pem("PUBLIC KEY", keys("EC").getPublic().getEncoded());
            case "private key" -> pem("PRIVATE KEY", keys("RSA").getPrivate().getEncoded());
            case "pkcs1 public key" -> pem("RSA PUBLIC KEY", new byte[] { 48, 3, 2, 1, 1 });
            case "rsa key and a certificate" -> pem("PUBLIC KEY", keys("RSA").getPublic().getEncoded())
                    + java.nio.file.Files.readString(dev.kafkapool.testsupport.pki.TestPki.shared().caCertificate());
            default -> "not a key at all\n";
        };
        java.nio.file.Files.writeString(file, body);

        Throwable failure = start("spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                + file.toAbsolutePath(), "sample.security.expected-issuer=https://issuer.example");

        FailureAnalysis analysis = new ApiPublicKeyFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription()).startsWith(ApiSecurityConfiguration.PUBLIC_KEY_LOCATION + "=file:")
            .contains(file.toAbsolutePath().toString()).contains(problem);
        assertThat(analysis.getAction()).contains(action);
        String secret = body.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertThat(analysis.getDescription() + analysis.getAction() + output.getAll()).doesNotContain(secret);
    }

    @Test
    void aBase64LocationThatHoldsNoRsaPublicKeyIsReportedWithoutItsText() throws Exception {
        // Spring Boot's base64: locations hold the key's text itself: the report must not repeat it
        String encoded = java.util.Base64.getEncoder()
            .encodeToString(pem("PRIVATE KEY", keys("RSA").getPrivate().getEncoded()).getBytes());
        Throwable failure = start("spring.security.oauth2.resourceserver.jwt.public-key-location=base64:" + encoded,
                "sample.security.expected-issuer=https://issuer.example");

        FailureAnalysis analysis = new ApiPublicKeyFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription()).contains("=base64:(its text, not shown) holds a private key")
            .doesNotContain(encoded.substring(0, 40));
    }

    private static java.security.KeyPair keys(String algorithm) throws java.security.GeneralSecurityException {
        return java.security.KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void noneOfThemStopsStartupSayingSo() {
        assertThat(cause(start())).hasMessageContaining("no way to check a token's signature");
    }

    private static void startAndStop(String... settings) {
        try (ConfigurableApplicationContext context = run(settings)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static ConfigurableApplicationContext run(String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--kafka.enabled=false", "--sample.security.enabled=true",
                "--server.port=0", "--management.server.port=0"));
        Arrays.stream(settings).map((setting) -> "--" + setting).forEach(arguments::add);
        return new SpringApplicationBuilder(SampleApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Throwable start(String... keySettings) {
        Throwable failure = catchThrowable(() -> {
            // as command-line arguments: above the app's application.yaml, as environment variables would be
            List<String> arguments = new ArrayList<>(List.of("--kafka.enabled=false", "--sample.security.enabled=true",
                    "--server.port=0", "--management.server.port=0"));
            Arrays.stream(keySettings).map((setting) -> "--" + setting).forEach(arguments::add);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .run(arguments.toArray(String[]::new))) {
                // started: the assertion below fails
            }
        });
        assertThat(failure).as("startup failure").isNotNull();
        return failure;
    }

    private static ApiSecurityNotConfiguredException cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiSecurityNotConfiguredException notConfigured) {
                return notConfigured;
            }
        }
        throw new AssertionError("no ApiSecurityNotConfiguredException in " + failure, failure);
    }

}
