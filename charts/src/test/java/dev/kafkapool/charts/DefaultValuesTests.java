package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What `helm install` with no values gives: a locked-down, probed, sized Deployment and its companions. */
class DefaultValuesTests {

    private final Manifests manifests = Chart.template().render();

    @Test
    void defaultsRenderOnlyTheAlwaysOnObjects() {
        assertThat(this.manifests.kinds())
                .containsExactlyInAnyOrder("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget");
    }

    @Test
    void everyObjectIsNamedAfterTheReleaseAndLabelledTheKubernetesWay() {
        for (String kind : this.manifests.kinds()) {
            Map<String, Object> metadata = Nodes.map(this.manifests.get(kind), "metadata");
            assertThat(metadata).as(kind).containsEntry("name", Chart.FULLNAME).containsEntry("namespace", Chart.NAMESPACE);
            assertThat(Nodes.map(metadata, "labels")).as(kind)
                    .containsEntry("app.kubernetes.io/name", "kafka-pool-sample")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("helm.sh/chart", "kafka-pool-sample-0.3.0");
        }
    }

    @Test
    void imageDefaultsToTheAppVersionPulledIfNotPresent() {
        assertThat(this.manifests.container())
                .containsEntry("image", "kafka-pool-sample-app:0.1.0")
                .containsEntry("imagePullPolicy", "IfNotPresent");
    }

    @Test
    void apiListensOn8080AndTheActuatorOn8081AndTheServiceForwardsBothByName() {
        assertThat(Nodes.list(this.manifests.container(), "ports")).containsExactly(
                Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"),
                Map.of("name", "management", "containerPort", 8081, "protocol", "TCP"));
        assertThat(this.manifests.envValue("SERVER_PORT")).isEqualTo("8080");
        assertThat(this.manifests.envValue("MANAGEMENT_SERVER_PORT")).isEqualTo("8081");
        assertThat(Nodes.list(this.manifests.get("Service"), "spec", "ports")).containsExactly(
                Map.of("name", "http", "port", 8080, "targetPort", "http", "protocol", "TCP"),
                Map.of("name", "management", "port", 8081, "targetPort", "management", "protocol", "TCP"));
    }

    @Test
    void serviceAndPodDisruptionBudgetSelectExactlyThePods() {
        Map<String, Object> podLabels = Nodes.map(this.manifests.deployment(), "spec", "template", "metadata", "labels");
        Map<String, Object> selector = Nodes.map(this.manifests.deployment(), "spec", "selector", "matchLabels");

        assertThat(selector).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
        assertThat(podLabels).containsAllEntriesOf(selector);
        assertThat(Nodes.map(this.manifests.get("Service"), "spec", "selector")).isEqualTo(selector);
        assertThat(Nodes.map(this.manifests.get("PodDisruptionBudget"), "spec", "selector", "matchLabels")).isEqualTo(selector);
    }

    @Test
    void startupAndReadinessProbeReadinessAndLivenessProbesLivenessOnTheManagementPort() {
        Map<String, Object> container = this.manifests.container();

        assertThat(Nodes.at(container, "startupProbe", "httpGet")).isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
        assertThat(Nodes.at(container, "readinessProbe", "httpGet")).isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
        assertThat(Nodes.at(container, "livenessProbe", "httpGet")).isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
        // The switch is a chart value, not a Kubernetes field: it must not leak into the probe.
        assertThat(Nodes.map(container, "livenessProbe")).doesNotContainKey("enabled");
    }

    /** The app reads a switch as Spring does: {@code off}, {@code no} and {@code 0} are false as well. */
    @ParameterizedTest
    @ValueSource(strings = { "off", "NO", "0", " False " })
    void failFastOffInExtraEnvInAnySpringFormMovesTheStartupProbeToLiveness(String off) {
        assertThat(Nodes.at(Chart.template().set("extraEnv[0].name", "KAFKA_FAIL_FAST").set("extraEnv[0].value", off)
            .render().container(), "startupProbe", "httpGet"))
            .isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
    }

    @Test
    void withFailFastOffTheStartupProbeCallsLivenessSoAPodStartingDuringABrokerOutageWaitsUnready() {
        Map<String, String> liveness = Map.of("path", "/actuator/health/liveness", "port", "management");
        assertThat(Nodes.at(Chart.template().set("kafka.failFast", false).render().container(), "startupProbe", "httpGet"))
            .isEqualTo(liveness);
        assertThat(Nodes.at(Chart.template().set("extraEnv[0].name", "KAFKA_FAIL_FAST").set("extraEnv[0].value", "false")
            .render().container(), "startupProbe", "httpGet")).isEqualTo(liveness);
        // chosen explicitly, either way; the switch and the path are chart values, not fields of the probe
        Map<String, Object> chosen = Chart.template().set("kafka.failFast", false)
            .set("startupProbe.path", "/actuator/health/readiness").render().container();
        assertThat(Nodes.at(chosen, "startupProbe", "httpGet")).isEqualTo(Map.of("path", "/actuator/health/readiness",
                "port", "management"));
        assertThat(Nodes.map(chosen, "startupProbe")).doesNotContainKeys("enabled", "path");
        assertThatThrownBy(() -> Chart.template().set("startupProbe.path", "/actuator/health").render())
            .hasMessageContaining("startupProbe/path");
    }

    @Test
    void disabledProbeIsLeftOut() {
        Map<String, Object> container = Chart.template().set("startupProbe.enabled", false).render().container();

        assertThat(container).doesNotContainKey("startupProbe").containsKeys("readinessProbe", "livenessProbe");
    }

    @Test
    void podRunsUnderTheRestrictedPodSecurityStandard() {
        Map<String, Object> pod = Nodes.map(this.manifests.podSpec(), "securityContext");
        Map<String, Object> container = Nodes.map(this.manifests.container(), "securityContext");

        assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat((Integer) pod.get("runAsUser")).isPositive();
        assertThat((Integer) pod.get("fsGroup")).isPositive();
        assertThat(container)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat((Integer) container.get("runAsUser")).isPositive();
    }

    @Test
    void readOnlyRootFilesystemGetsAWritableTmp() {
        assertThat(this.manifests.volumeMount("tmp")).containsEntry("mountPath", "/tmp").doesNotContainKey("readOnly");
        assertThat(this.manifests.volume("tmp")).containsKey("emptyDir");
    }

    @Test
    void jvmIsSizedFromTheContainerMemoryLimit() {
        assertThat(Nodes.at(this.manifests.container(), "resources"))
                .isEqualTo(Map.of("requests", Map.of("cpu", "250m", "memory", "1Gi", "ephemeral-storage", "1536Mi"),
                        "limits", Map.of("memory", "1Gi")));
        assertThat(this.manifests.envValue("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void serviceAccountIsCreatedWithoutAnApiToken() {
        assertThat(this.manifests.get("ServiceAccount")).containsEntry("automountServiceAccountToken", false);
        assertThat(this.manifests.podSpec())
                .containsEntry("serviceAccountName", Chart.FULLNAME)
                .containsEntry("automountServiceAccountToken", false);
    }

    @Test
    void existingServiceAccountIsUsedByName() {
        Manifests rendered = Chart.template().set("serviceAccount.create", false).set("serviceAccount.name", "shared").render();

        assertThat(rendered.kinds()).doesNotContain("ServiceAccount");
        assertThat(rendered.podSpec()).containsEntry("serviceAccountName", "shared");
    }

    @Test
    void podDisruptionBudgetAllowsOneDownByDefaultAndCanBeTurnedOff() {
        assertThat(Nodes.map(this.manifests.get("PodDisruptionBudget"), "spec")).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
        assertThat(Chart.template().set("pdb.create", false).render().kinds()).doesNotContain("PodDisruptionBudget");
    }

    @Test
    void podDisruptionBudgetTakesMinAvailableInstead() {
        Map<String, Object> spec = Nodes.map(Chart.template().set("replicaCount", 3).set("pdb.minAvailable", 2).render()
            .get("PodDisruptionBudget"), "spec");

        assertThat(spec).containsEntry("minAvailable", 2).doesNotContainKey("maxUnavailable");
    }

    @Test
    void serviceLinksAreOffSoAServiceNamedKafkaAddsNoKafkaVariablesBesideTheSettings() {
        assertThat(Nodes.at(Chart.template().render().deployment(), "spec", "template", "spec", "enableServiceLinks"))
            .isEqualTo(false);
        assertThat(Nodes.at(Chart.template().set("enableServiceLinks", true).render().deployment(), "spec", "template",
                "spec", "enableServiceLinks")).isEqualTo(true);
    }

    @Test
    void unreadyPodsMayAlwaysBeEvictedSoAKafkaOutageNeverHoldsANodeDrain() {
        // readiness includes Kafka: in an outage every pod is unready, and a budget counting them stalled drains
        Map<String, Object> spec = Nodes.map(Chart.template().render().get("PodDisruptionBudget"), "spec");

        assertThat(spec).containsEntry("unhealthyPodEvictionPolicy", "AlwaysAllow");
    }

    @Test
    void anOperatorMayKeepUnreadyPodsAndTheirJournalsThroughAnOutage() {
        Map<String, Object> spec = Nodes.map(Chart.template().set("replicaCount", 3)
            .set("pdb.unhealthyPodEvictionPolicy", "IfHealthyBudget").render().get("PodDisruptionBudget"), "spec");

        assertThat(spec).containsEntry("unhealthyPodEvictionPolicy", "IfHealthyBudget");
        assertThatThrownBy(() -> Chart.template().set("pdb.unhealthyPodEvictionPolicy", "Never").render())
            .hasMessageContaining("unhealthyPodEvictionPolicy");
    }

    @Test
    void aMinAvailableThatLeavesNoPodToEvictIsRenderedWithAWarningNamingTheReplicas() {
        assertThat(Chart.template().set("replicaCount", 2).set("pdb.minAvailable", 2).notes())
            .contains("WARNING: pdb.minAvailable (2) is not below the replicaCount (2)");
        assertThat(Chart.template().values("autoscaling").set("pdb.minAvailable", 3).notes())
            .contains("is not below the autoscaling.minReplicas (3)");
        // nothing to keep, nothing blocked; one below the replicas leaves room
        assertThat(Chart.template().set("replicaCount", 0).set("pdb.minAvailable", 0).notes()).doesNotContain("pdb.");
        assertThat(Chart.template().set("replicaCount", 3).set("pdb.minAvailable", 2).notes()).doesNotContain("pdb.");
    }

    @Test
    void aBudgetThatEvictsNoPodWhateverTheReplicasIsRenderedWithAWarning() {
        assertThat(Chart.template().set("pdb.maxUnavailable", 0).notes())
            .contains("WARNING: pdb.maxUnavailable is 0: no pod may ever be evicted");
        assertThat(Chart.template().set("pdb.maxUnavailable", "0%").notes()).contains("pdb.maxUnavailable is 0%");
        assertThat(Chart.template().set("pdb.minAvailable", "100%").notes())
            .contains("WARNING: pdb.minAvailable is 100%: no pod may ever be evicted");
        assertThat(Chart.template().set("pdb.maxUnavailable", 1).notes()).doesNotContain("pdb.");
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3}")
    @CsvSource({ "kafka.tls.mountPath, /var/lib/kafka-pool/journal, journal.mountPath, /var/lib/kafka-pool/journal",
            "journal.mountPath, /tmp/, kafka.tls.mountPath, /etc/kafka-pool/tls" })
    void twoVolumesMountedAtOnePathAreRefusedNamingTheValues(String first, String firstPath, String second,
            String secondPath) {
        assertThatThrownBy(() -> Chart.template().set("kafka.tls.clientCertificate.secretName", "orders-client")
            .set(first, firstPath).set(second, secondPath).render())
            .hasMessageContaining("a pod cannot mount two volumes at one path")
            .hasMessageContaining(first.equals("journal.mountPath") ? "the writable /tmp" : first);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "journal.mountPath, /etc/kafka-pool/tls/journal, journal.mountPath lies inside kafka.tls.mountPath",
            "kafka.tls.mountPath, /etc, journal.mountPath lies inside kafka.tls.mountPath (/etc)",
            "kafka.tls.mountPath, /tmp/tls, '' " })
    void aVolumeInsideTheReadOnlyTlsVolumeIsRefusedAndOneInsideAWritableOneIsNot(String key, String path, String refusal) {
        Chart.Render render = Chart.template().set("kafka.tls.clientCertificate.secretName", "orders-client")
            .set("journal.mountPath", "/etc/journal").set(key, path);
        if (refusal.isEmpty()) {
            // the kubelet makes the directory to mount on inside the writable /tmp
            assertThat(render.render().volumeMount("kafka-tls")).containsEntry("mountPath", path);
        }
        else {
            assertThatThrownBy(render::render).hasMessageContaining(refusal).hasMessageContaining("a read-only volume");
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "nameOverride, my.name", "fullnameOverride, 9lives", "fullnameOverride, orders.api" })
    void aNameNoServiceCanHaveIsRefused(String key, String value) {
        // Helm takes release names with dots; a Service name is an RFC 1035 label
        assertThatThrownBy(() -> Chart.template().set(key, value).render())
            .hasMessageContaining("which a Service cannot have")
            .hasMessageContaining("no dots");
    }

    @Test
    void theApiAndTheActuatorOnOneContainerPortAreRefused() {
        assertThatThrownBy(() -> Chart.template().set("containerPorts.http", 8081).render())
            .hasMessageContaining("containerPorts.http and containerPorts.management are both 8081");
    }
}
