package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client certificate, key and CA are mounted read-only from Secrets, and the
 * KAFKA_TLS_CLIENT_* variables name exactly the mounted files.
 */
class TlsSecretsTests {

    @Test
    void strimziPresetMountsUserAndClusterCaSecrets() {
        Manifests manifests = Chart.template().values("strimzi").render();

        assertThat(secretSources(manifests)).containsExactly(
                Map.of("name", "sample-app-user", "items", List.of(
                        Map.of("key", "user.crt", "path", "client.crt"),
                        Map.of("key", "user.key", "path", "client.key"))),
                Map.of("name", "my-cluster-cluster-ca-cert", "items", List.of(
                        Map.of("key", "ca.crt", "path", "ca.crt"))));
        assertThat(manifests.envValue("KAFKA_TLS_CLIENT_CERT")).isEqualTo("/etc/kafka-pool/tls/client.crt");
        assertThat(manifests.envValue("KAFKA_TLS_CLIENT_KEY")).isEqualTo("/etc/kafka-pool/tls/client.key");
        assertThat(manifests.envValue("KAFKA_TLS_CLIENT_CA")).isEqualTo("/etc/kafka-pool/tls/ca.crt");
    }

    @Test
    void certManagerPresetMountsOneSecretWithItsStandardKeys() {
        Manifests manifests = Chart.template().values("cert-manager").render();

        assertThat(secretSources(manifests)).containsExactly(
                Map.of("name", "sample-app-kafka-client", "items", List.of(
                        Map.of("key", "tls.crt", "path", "client.crt"),
                        Map.of("key", "tls.key", "path", "client.key"),
                        Map.of("key", "ca.crt", "path", "ca.crt"))));
        assertThat(manifests.envValue("KAFKA_TLS_CLIENT_CA")).isEqualTo("/etc/kafka-pool/certs/ca.crt");
    }

    @Test
    void anEmptyCaKeyMountsNoCaFileSoTheJvmTrustStoreChecksPubliclyTrustedBrokers() {
        // a cert-manager Secret of an ACME or public issuer has no ca.crt: projecting it would
        // leave the pod waiting for a key that never comes
        Chart.Render render = Chart.template().values("cert-manager").set("kafka.tls.caCertificate.key", "");
        Manifests manifests = render.render();

        assertThat(secretSources(manifests)).containsExactly(
                Map.of("name", "sample-app-kafka-client", "items", List.of(
                        Map.of("key", "tls.crt", "path", "client.crt"),
                        Map.of("key", "tls.key", "path", "client.key"))));
        assertThat(manifests.env()).doesNotContainKey("KAFKA_TLS_CLIENT_CA").containsKey("KAFKA_TLS_CLIENT_CERT");
        assertThat(render.notes()).contains("KAFKA_TLS_CLIENT_CA unset: the JVM's trust store");
    }

    @Test
    void tlsVariablesPointAtTheFilesOfTheReadOnlyMount() {
        for (String preset : List.of("strimzi", "cert-manager")) {
            Manifests manifests = Chart.template().values(preset).render();
            Map<String, Object> mount = manifests.volumeMount("kafka-tls");
            String dir = (String) mount.get("mountPath");
            List<String> mountedFiles = secretSources(manifests).stream()
                    .flatMap((source) -> Nodes.list(source, "items").stream())
                    .map((item) -> dir + "/" + Nodes.map(item).get("path"))
                    .toList();

            assertThat(mount).as(preset).containsEntry("readOnly", true).doesNotContainKey("subPath");
            assertThat(mountedFiles).as(preset).containsExactlyInAnyOrder(manifests.envValue("KAFKA_TLS_CLIENT_CERT"),
                    manifests.envValue("KAFKA_TLS_CLIENT_KEY"), manifests.envValue("KAFKA_TLS_CLIENT_CA"));
        }
    }

    @Test
    void mountedFilesAreReadableByThePodGroupOnly() {
        Map<String, Object> projected = Nodes.map(Chart.template().values("strimzi").render().volume("kafka-tls"), "projected");

        assertThat(projected).containsEntry("defaultMode", 0440);
    }

    @Test
    void noSecretMeansNoTlsMountAndNoTlsFileVariables() {
        Manifests manifests = Chart.template().render();

        assertThat(manifests.hasVolume("kafka-tls")).isFalse();
        assertThat(manifests.env()).doesNotContainKeys("KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_CLIENT_KEY");
        assertThat(manifests.podAnnotations()).doesNotContainKey("checksum/kafka-tls");
    }

    @Test
    void tlsGivenThroughExtraEnvIsNotWarnedAboutAsMissing() {
        // NOTES told a user who followed its own advice (KAFKA_TLS_BUNDLE through extraEnv) to do just that (g52b)
        for (String variable : new String[] { "KAFKA_TLS_BUNDLE", "KAFKA_TLS_CLIENT_CERT" }) {
            String notes = Chart.template().set("extraEnv[0].name", variable).set("extraEnv[0].value", "kafka").notes();
            assertThat(notes).as(variable).doesNotContain("WARNING: no TLS Secret")
                .contains("TLS material: from extraEnv (" + variable);
        }
        assertThat(Chart.template().set("extraEnv[0].name", "KAFKA_TLS_ENABLED").set("extraEnv[0].value", "false").notes())
            .doesNotContain("WARNING: no TLS Secret");
        assertThat(Chart.template().notes()).contains("WARNING: no TLS Secret");
        // TLS turned off through extraEnv beside a Secret: the files are not listed as used, no reload is promised (g52r)
        String off = Chart.template().values("strimzi").set("extraEnv[0].name", "KAFKA_TLS_ENABLED")
            .set("extraEnv[0].value", "false").notes();
        assertThat(off).contains("TLS is off (KAFKA_TLS_ENABLED in extraEnv): the app connects over PLAINTEXT, and the "
                + "mounted TLS Secret is not used")
            .doesNotContain("A renewed certificate is taken without a restart")
            .doesNotContain("TLS files, mounted read-only");
        // an empty value sets nothing (g52r)
        assertThat(Chart.template().set("extraEnv[0].name", "KAFKA_TLS_BUNDLE").set("extraEnv[0].value", "").notes())
            .contains("WARNING: no TLS Secret");
    }

    @Test
    void reloadTurnedOffThroughExtraEnvIsNotPromisedInTheNotes() {
        String notes = Chart.template().values("strimzi").set("extraEnv[0].name", "KAFKA_TLS_RELOAD")
            .set("extraEnv[0].value", "OFF").notes();
        assertThat(notes).contains("Reload is off (KAFKA_TLS_RELOAD in extraEnv)")
            .doesNotContain("A renewed certificate is taken without a restart");
        assertThat(Chart.template().values("strimzi").notes()).contains("A renewed certificate is taken without a restart");
    }

    @Test
    void renewedCertificatesAreReloadedByTheAppSoNothingRollsThePodsByDefault() {
        Manifests manifests = Chart.template().values("strimzi").render();

        assertThat(manifests.podAnnotations()).doesNotContainKey("checksum/kafka-tls");
        // The app's default (on with PEM files) applies; the chart adds no variable to turn it off.
        assertThat(manifests.env()).doesNotContainKeys("KAFKA_TLS_RELOAD", "KAFKA_TLS_RELOAD_INTERVAL", "KAFKA_TLS_EXPIRY_WARNING");
    }

    @Test
    void theTlsFilesAreMountedWithoutSubPathSoARenewedSecretReachesTheRunningApp() {
        for (String preset : new String[] { "strimzi", "cert-manager" }) {
            Manifests manifests = Chart.template().values(preset).render();

            // the kubelet updates a projected Secret volume in place (a ..data symlink swap), which
            // the app's reload sees; a subPath mount would keep the first version for ever
            assertThat(manifests.volumeMount("kafka-tls")).as(preset).doesNotContainKey("subPath")
                .containsEntry("readOnly", true);
            assertThat(manifests.volume("kafka-tls")).as(preset).containsKey("projected");
        }
    }

    @Test
    void reloadCanBeTunedOrTurnedOff() {
        Manifests manifests = Chart.template().values("strimzi")
                .set("kafka.tls.reload", false)
                .set("kafka.tls.reloadInterval", "2m")
                .set("kafka.tls.expiryWarning", "14d")
                .render();

        assertThat(manifests.envValue("KAFKA_TLS_RELOAD")).isEqualTo("false");
        assertThat(manifests.envValue("KAFKA_TLS_RELOAD_INTERVAL")).isEqualTo("2m");
        assertThat(manifests.envValue("KAFKA_TLS_EXPIRY_WARNING")).isEqualTo("14d");
    }

    @Test
    void aReloadIntervalGivenAsABareNumberWithSetReachesTheAppAsThatNumber() {
        // --set makes 45 a number; the starter reads a bare number as seconds
        Manifests manifests = Chart.template().values("strimzi").set("kafka.tls.reloadInterval", 45).render();

        assertThat(manifests.envValue("KAFKA_TLS_RELOAD_INTERVAL")).isEqualTo("45");
    }

    @Test
    void changingTheRolloutChecksumRollsThePodsWhenRolloutOnChangeIsOn() {
        String first = tlsChecksum(rollingOnChange("cert-manager").render());
        String again = tlsChecksum(rollingOnChange("cert-manager").render());
        String bumped = tlsChecksum(rollingOnChange("cert-manager").set("kafka.tls.rolloutChecksum", "2026-02").render());

        assertThat(first).matches("[0-9a-f]{64}").isEqualTo(again);
        assertThat(bumped).isNotEqualTo(first);
    }

    @Test
    void switchingToAnotherSecretRollsThePodsWhenRolloutOnChangeIsOn() {
        String before = tlsChecksum(rollingOnChange("strimzi").render());
        String after = tlsChecksum(rollingOnChange("strimzi").set("kafka.tls.caCertificate.secretName", "other-cluster-ca-cert").render());

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aRolloutChecksumWithoutRolloutOnChangeIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> Chart.template().values("strimzi").set("kafka.tls.rolloutChecksum", "2026-02").render())
                .hasMessageContaining("kafka.tls.rolloutChecksum rolls the pods only with kafka.tls.rolloutOnChange=true");
    }

    @Test
    void userPodAnnotationsAreKeptBesideTheChecksum() {
        Map<String, Object> annotations = rollingOnChange("strimzi")
                .set("podAnnotations.secret\\.reloader\\.stakater\\.com/reload", "sample-app-user")
                .render().podAnnotations();

        assertThat(annotations).containsKey("checksum/kafka-tls").containsEntry("secret.reloader.stakater.com/reload", "sample-app-user");
    }

    @Test
    void keyPasswordWithoutAClientCertificateIsRefused() {
        assertThatThrownBy(() -> Chart.template().set("kafka.tls.keyPassword.secretName", "pw").render())
                .hasMessageContaining("kafka.tls.keyPassword.secretName needs kafka.tls.clientCertificate.secretName");
    }

    private static List<Map<String, Object>> secretSources(Manifests manifests) {
        Map<String, Object> volume = manifests.volume("kafka-tls");
        return Nodes.list(volume, "projected", "sources").stream().map((source) -> Nodes.map(source, "secret")).toList();
    }

    private static Chart.Render rollingOnChange(String preset) {
        return Chart.template().values(preset).set("kafka.tls.rolloutOnChange", true);
    }

    private static String tlsChecksum(Manifests manifests) {
        return (String) manifests.podAnnotations().get("checksum/kafka-tls");
    }
}
