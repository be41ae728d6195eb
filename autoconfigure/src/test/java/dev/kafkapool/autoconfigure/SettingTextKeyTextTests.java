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
            "SslBundleKeyStoreCouldNotBeLoadedBecauseTheFileIsMissing", "MkU3OEVBNTcwNTJENDM2Qg" })
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
    }

}
