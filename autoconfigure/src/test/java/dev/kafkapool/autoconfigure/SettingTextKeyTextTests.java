package dev.kafkapool.autoconfigure;

import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the reports leave out as key text, and what they keep: paths, hosts, fingerprints and names read as before. */
class SettingTextKeyTextTests {

    private static final String HIDDEN = "(key or certificate text, not shown)";

    @ParameterizedTest
    @ValueSource(strings = { "/etc/kafka-pool/tls/tls.key", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
            "my-cluster-kafka-bootstrap.kafka.svc:9093",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "CN=kafka-pool-client,O=Example Corp,C=DE", "kafka.tls.reload-interval",
            "SslBundleKeyStoreCouldNotBeLoadedBecauseTheFileIsMissing", "MkU3OEVBNTcwNTJENDM2Qg",
            // paths of mixed case and digits without a dot for 40 characters: a reviewer saw them hidden
            "/etc/kafka/secrets/ProductionCluster2/client/tls.key",
            "/mnt/secrets/kafkaClientCertificates2024/current/ca.pem" })
    void whatIsNoKeyTextIsKept(String text) {
        assertThat(SettingText.withoutKeyText("in " + text + ".")).isEqualTo("in " + text + ".");
        assertThat(SettingText.isFileText(text)).isFalse();
    }

    @Test
    void pemBlocksWholeOrCutShortAndBase64RunsAreLeftOut() throws Exception {
        byte[] der = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";

        assertThat(SettingText.withoutKeyText("bad '" + pem + "' here")).isEqualTo("bad '" + HIDDEN + "\n' here");
        assertThat(SettingText.withoutKeyText("from file '" + pem.substring(0, 90) + "'."))
            .isEqualTo("from file '" + HIDDEN + "'.");
        String oneLine = Base64.getEncoder().encodeToString(pem.getBytes());
        assertThat(SettingText.withoutKeyText("path " + oneLine + " missing")).isEqualTo("path " + HIDDEN + " missing");
        assertThat(SettingText.isFileText(oneLine)).isTrue();
        assertThat(SettingText.isFileText(pem)).isTrue();
        assertThat(SettingText.isFileText("two\nlines")).isTrue();
        assertThat(SettingText.fileTextKind(pem)).isEqualTo("PEM text");
        assertThat(SettingText.fileTextKind("two\nlines")).isEqualTo("several lines of text");
        assertThat(SettingText.unshown("two\nlines\n")).isEqualTo("2 lines; not shown: it may be a private key");
        assertThat(SettingText.unshown(oneLine)).isEqualTo("1 line; not shown: it may be a private key");
        assertThat(SettingText.isFileText("/etc/tls/tls.key\n")).as("a path ending in a line break").isFalse();
        for (String before : new String[] { "x", "xy", "Bag Attributes\n" }) {
            // the PEM text at another offset of base64's three-byte groups (openssl writes attributes before it)
            String encoded = Base64.getEncoder().encodeToString((before + pem).getBytes());
            assertThat(SettingText.isFileText(encoded)).as("base64 of %s + PEM", before).isTrue();
            assertThat(SettingText.fileTextKind(encoded)).isEqualTo("base64 of PEM text (a Secret's data: value)");
        }
    }

    @Test
    void aCutShortBlockEndsWhereItsBase64DoesAndTheReportAroundItIsKept() {
        String cut = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";

        assertThat(SettingText.withoutKeyText("read " + cut + " cut. Check /etc/kafka/tls/tls.key and KAFKA_TLS_CLIENT_KEY."))
            .isEqualTo("read " + HIDDEN + " cut. Check /etc/kafka/tls/tls.key and KAFKA_TLS_CLIENT_KEY.");
        // a report naming a block it did not find whole shows no key text
        String naming = "a PEM block that is not complete (-----BEGIN CERTIFICATE----- with no END)";
        assertThat(SettingText.withoutKeyText(naming)).isEqualTo(naming);
    }

    @Test
    void aLongRunWithoutKeyTextIsScannedInLinearTime() {
        // each position of a run used to be scanned to its end for a capital letter: seconds at 32 KB
        String hex = "0123456789abcdef".repeat(8 * 1024);
        long started = System.nanoTime();

        assertThat(SettingText.withoutKeyText(hex)).isEqualTo(hex);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(2));
    }

}
