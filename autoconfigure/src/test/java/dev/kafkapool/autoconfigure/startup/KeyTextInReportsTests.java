package dev.kafkapool.autoconfigure.startup;

import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key text that reaches a setting by mistake (a Secret's key given to {@code env:}, its base64 {@code data:}
 * value, a bundle's inline PEM cut short) stops startup without being shown: not in the report, not in the
 * failure's messages, not in the log. Found by a security review, each case printed the key whole. No broker:
 * every case fails on the TLS material or a setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyTextInReportsTests {

    private static final TestPki pki = TestPki.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaPublisherAutoConfiguration.class,
                KafkaFailFastAutoConfiguration.class));

    @Test
    void pemTextInKafkaTlsBundleIsRefusedUnshown(CapturedOutput output) throws Exception {
        // the refusal of PEM text in a path setting says to put it in a bundle, which may be misread
        Map<String, Object> env = brokers();
        env.put("KAFKA_TLS_BUNDLE", key());

        Report report = fail(env, output);

        assertThat(report.description()).contains("KAFKA_TLS_BUNDLE holds a file's text")
            .contains("KAFKA_TLS_BUNDLE=(a file's text, not a path: not shown)");
        assertThat(report.action()).contains("Set KAFKA_TLS_BUNDLE to the bundle's name");
        report.assertShowsNoKey(true);
    }

    @Test
    void aBundlesInlineKeyCutShortIsNotQuotedFromSpringsMessage(CapturedOutput output) throws Exception {
        // without its END line Spring reads the text as a file name and quotes it in its error
        Map<String, Object> env = brokers();
        env.put("KAFKA_TLS_BUNDLE", "kp");
        env.put("SPRING_SSL_BUNDLE_PEM_KP_KEYSTORE_CERTIFICATE", Files.readString(pki.client().certificate()));
        env.put("SPRING_SSL_BUNDLE_PEM_KP_KEYSTORE_PRIVATE_KEY", String.join("\n", key().lines().limit(12).toList()));
        env.put("SPRING_SSL_BUNDLE_PEM_KP_TRUSTSTORE_CERTIFICATE", Files.readString(pki.caCertificate()));

        Report report = fail(env, output);

        assertThat(report.description()).contains("SSL bundle 'kp'").contains("(key or certificate text, not shown)");
        report.assertShowsNoKey(true);
    }

    @Test
    void pemTextAsAKeyStoreLocationIsNotQuotedFromSpringsMessage(CapturedOutput output) throws Exception {
        Map<String, Object> env = brokers();
        env.put("KAFKA_TLS_BUNDLE", "kp");
        env.put("SPRING_SSL_BUNDLE_JKS_KP_KEYSTORE_LOCATION", key());
        env.put("SPRING_SSL_BUNDLE_JKS_KP_KEYSTORE_PASSWORD", "changeit");
        env.put("SPRING_SSL_BUNDLE_JKS_KP_KEYSTORE_TYPE", "PKCS12");

        fail(env, output).assertShowsNoKey(true);
    }

    @Test
    void aKeysBase64InAPathSettingIsRefusedUnshown(CapturedOutput output) throws Exception {
        // what kubectl get secret -o yaml shows under data:, one line: no BEGIN, no newline
        String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(pki.client().privateKey()));
        Map<String, Object> env = pemFiles();
        env.put("KAFKA_TLS_CLIENT_KEY", encoded);

        Report report = fail(env, output);

        assertThat(report.description()).contains("KAFKA_TLS_CLIENT_KEY holds base64 of PEM text (a Secret's data: value)");
        assertThat(report.everything()).doesNotContain(encoded.substring(0, 60)).doesNotContain(encoded.substring(200, 300));
        report.assertShowsNoKey(true);
    }

    @Test
    void pemTextInASettingThatDoesNotBindIsNotEchoed(CapturedOutput output) throws Exception {
        Map<String, Object> env = pemFiles();
        env.put("KAFKA_TLS_RELOAD_INTERVAL", key());

        Report report = fail(env, output);

        assertThat(report.description())
            .contains("KAFKA_TLS_RELOAD_INTERVAL (kafka.tls.reload-interval) holds a file's text (")
            .contains("not shown: it may be a private key), which is not a duration");
        // Spring's own conversion error in the cause quotes the value; it is logged at DEBUG only
        report.assertShowsNoKey(false);
    }

    private static Map<String, Object> brokers() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", "localhost:1");
        env.put("KAFKA_STARTUP_TIMEOUT", "2s");
        return env;
    }

    private static Map<String, Object> pemFiles() {
        Map<String, Object> env = brokers();
        env.put("KAFKA_TLS_CLIENT_CA", pki.caCertificate().toString());
        env.put("KAFKA_TLS_CLIENT_CERT", pki.client().certificate().toString());
        env.put("KAFKA_TLS_CLIENT_KEY", pki.client().privateKey().toString());
        return env;
    }

    private static String key() throws Exception {
        return Files.readString(pki.client().privateKey());
    }

    private Report fail(Map<String, Object> env, CapturedOutput output) {
        Throwable[] failure = new Throwable[1];
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env))
            .run((context) -> failure[0] = context.getStartupFailure());
        assertThat(failure[0]).as("startup must fail").isNotNull();
        return new Report(FailureReports.analyze(failure[0], env), failure[0], output);
    }

    private record Report(FailureAnalysis analysis, Throwable failure, CapturedOutput output) {

        String description() {
            return this.analysis.getDescription();
        }

        String action() {
            return this.analysis.getAction();
        }

        /** The report, the log and, with {@code chain}, every message of the failure's cause chain. */
        String everything() {
            StringBuilder all = new StringBuilder(description()).append('\n').append(action()).append('\n')
                .append(this.output);
            for (Throwable cause = this.failure; cause != null; cause = cause.getCause()) {
                all.append('\n').append(cause);
            }
            return all.toString();
        }

        void assertShowsNoKey(boolean chain) throws Exception {
            String key = key();
            String written = chain ? everything() : description() + '\n' + action() + '\n' + this.output;
            assertThat(written).doesNotContain("BEGIN PRIVATE KEY");
            key.lines().filter((line) -> !line.startsWith("-----"))
                .forEach((line) -> assertThat(written).doesNotContain(line));
        }

    }

}
