package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values an operator may set whose rendering Kubernetes validates or an upgrade depends on: the
 * update strategy, long names and tags, a Service of another type than ClusterIP, an extraEnv
 * entry that overrides one of the chart's, the journal's claim on the node's ephemeral storage.
 */
class OperatorValuesTests {

    private static final String LONG_NAME = "payments-platform-orders-publisher-prod-eu1-kafka-pool-x";

    @Test
    void recreateIsRenderedWithoutTheRollingUpdateSettingsKubernetesRefusesBesideIt() {
        Map<String, Object> strategy = Nodes.map(Chart.template().set("updateStrategy.type", "Recreate").render().deployment(),
                "spec", "strategy");

        assertThat(strategy).isEqualTo(Map.of("type", "Recreate"));
    }

    @Test
    void theDefaultRollingUpdateKeepsItsSettings() {
        Map<String, Object> strategy = Nodes.map(Chart.template().render().deployment(), "spec", "strategy");

        assertThat(strategy).isEqualTo(Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("maxSurge", 1, "maxUnavailable", 0)));
    }

    @Test
    void theClientLabelOfALockedDownNetworkPolicyStaysWithinALabelNamesLengthForLongNames() {
        Map<String, Object> spec = Nodes.map(Chart.template()
                .set("fullnameOverride", LONG_NAME)
                .set("networkPolicy.enabled", true)
                .set("networkPolicy.allowExternal", false)
                .render().get("NetworkPolicy"), "spec");

        Map<String, Object> labels = Nodes.map(Nodes.list(Nodes.list(spec, "ingress").get(0), "from").get(0),
                "podSelector", "matchLabels");
        assertThat(labels).hasSize(1);
        String key = labels.keySet().iterator().next();
        assertThat(key).hasSizeLessThanOrEqualTo(63).endsWith("-client").startsWith(LONG_NAME.substring(0, 40));
    }

    @Test
    void commonAndPodLabelsJoinTheLabelsOnceAndReplaceTheStandardOnesTheyName() {
        Manifests manifests = Chart.template()
            .set("commonLabels.team", "orders")
            .set("commonLabels.app\\.kubernetes\\.io/part-of", "payments")
            .set("commonLabels.app\\.kubernetes\\.io/instance", Chart.RELEASE)
            .set("commonLabels.release", "prometheus-a")
            .set("podLabels.team", "orders-pods")
            .set("podLabels.tier", "web")
            .set("metrics.serviceMonitor.enabled", true)
            .set("metrics.serviceMonitor.labels.release", "prometheus-b")
            .set("metrics.prometheusRule.enabled", true)
            .set("metrics.grafanaDashboard.enabled", true)
            .render();

        // the parser refuses a key twice in one map, as the API server does
        for (String kind : manifests.kinds()) {
            assertThat(Nodes.map(manifests.get(kind), "metadata", "labels")).as(kind)
                .containsEntry("team", "orders")
                .containsEntry("app.kubernetes.io/part-of", "payments")
                .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                .containsEntry("app.kubernetes.io/name", "kafka-pool-sample");
        }
        assertThat(Nodes.map(manifests.deployment(), "spec", "template", "metadata", "labels"))
            .containsEntry("team", "orders-pods")
            .containsEntry("tier", "web")
            .containsEntry("app.kubernetes.io/part-of", "payments");
        // an object's own labels win: the one its operator selects it by
        assertThat(Nodes.map(manifests.get("ServiceMonitor"), "metadata", "labels")).containsEntry("release", "prometheus-b");
        assertThat(Nodes.map(manifests.get("PrometheusRule"), "metadata", "labels")).containsEntry("release", "prometheus-a");
    }

    @Test
    void aCommonOrPodLabelThatWouldChangeTheSelectorsLabelsIsRefusedWithItsName() {
        assertThatThrownBy(() -> Chart.template().set("commonLabels.app\\.kubernetes\\.io/name", "orders-api").render())
            .hasMessageContaining("commonLabels must not set app.kubernetes.io/name (to orders-api)")
            .hasMessageContaining("select the pods by it");
        assertThatThrownBy(() -> Chart.template().set("podLabels.app\\.kubernetes\\.io/instance", "blue").render())
            .hasMessageContaining("podLabels must not set app.kubernetes.io/instance (to blue)");
    }

    @Test
    void sizesWrittenAsTheAppWritesThemBecomeQuantitiesTheApiServerTakes() {
        // "2GB" passed the chart's own checks and was refused by the API server; the app's GB is 1024^3 bytes
        Manifests emptyDir = Chart.template().set("journal.sizeLimit", "2GB").set("tmpDir.sizeLimit", "256MB").render();
        Manifests claim = Chart.template().set("journal.persistence.enabled", true)
            .set("journal.persistence.size", "2000000000B")
            .render();

        assertThat(Nodes.at(emptyDir.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("2Gi");
        assertThat(Nodes.at(emptyDir.volume("tmp"), "emptyDir", "sizeLimit")).isEqualTo("256Mi");
        // the journal's volume plus /tmp's: both are the pod's ephemeral storage (g52b)
        assertThat(Nodes.at(emptyDir.container(), "resources", "requests", "ephemeral-storage")).isEqualTo("2304Mi");
        // a bare number of bytes is a quantity too
        assertThat(String.valueOf(Nodes.at(claim.get("PersistentVolumeClaim"), "spec", "resources", "requests",
                "storage"))).isEqualTo("2000000000");
    }

    @Test
    void valuesKubernetesWouldRefuseAreRefusedAtRenderWithTheirNames() {
        assertThatThrownBy(() -> Chart.template().set("startupProbe.successThreshold", 2).render())
            .hasMessageContaining("startupProbe/successThreshold");
        assertThatThrownBy(() -> Chart.template().set("service.port", 8081).render())
            .hasMessageContaining("service.port and service.managementPort are both 8081");
    }

    @ParameterizedTest
    @CsvSource({ "SERVER_PORT,containerPorts.http", "MANAGEMENT_SERVER_PORT,containerPorts.management",
        "management.server.port,containerPorts.management", "Management-Server_Port,containerPorts.management" })
    void anExtraEnvThatMovesAPortTheProbesAndServiceUseIsRefusedNamingTheValueToSet(String variable, String value) {
        // a grader's extraEnv moved the actuator to another port: the probes went on calling 8081, and failed
        assertThatThrownBy(() -> Chart.template().set("extraEnv[0].name", variable).set("extraEnv[0].value", "9000")
            .render())
            .hasMessageContaining("extraEnv sets " + variable + ", which the chart sets from " + value)
            .hasMessageContaining("Set " + value + " instead");
    }

    @ParameterizedTest
    @CsvSource({ "KAFKA_SHUTDOWN_TIMEOUT,120s,shutdown.timeoutSeconds",
        "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE,120s,shutdown.timeoutSeconds",
        "kafka.shutdown-timeout,120s,shutdown.timeoutSeconds", "KAFKA_JOURNAL_MAX_BYTES,8GB,kafka.journal.maxBytes",
        "KAFKA_JOURNAL_DIR,/data/journal,journal.mountPath" })
    void anExtraEnvThatChangesWhatTheChartDerivesOtherValuesFromIsRefused(String variable, String setting, String value) {
        // a grader's extraEnv KAFKA_SHUTDOWN_TIMEOUT=120s kept a 75 s grace period (SIGKILL mid-drain), and an 8GB journal
        // bound kept a 1280Mi emptyDir (the pod evicted, journal and all)
        assertThatThrownBy(() -> Chart.template().set("extraEnv[0].name", variable).set("extraEnv[0].value", setting)
            .render())
            .hasMessageContaining("extraEnv sets " + variable + ", which the chart sets from")
            .hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "MANAGEMENT_ENDPOINTS_WEB_BASE_PATH", "MANAGEMENT_SERVER_BASE_PATH",
        "management.endpoints.web.base-path", "MANAGEMENT_ENDPOINTS_WEB_PATHMAPPING_HEALTH",
        "management.endpoints.web.path-mapping.health" })
    void anExtraEnvThatMovesThePathsTheProbesCallIsRefused(String variable) {
        assertThatThrownBy(() -> Chart.template().set("extraEnv[0].name", variable).set("extraEnv[0].value", "/ops")
            .render())
            .hasMessageContaining("extraEnv sets " + variable + ": the probes");
    }

    @Test
    void aJournalBoundGivenAsANumberInAValuesFileAndFractionalQuantitiesAreSizesToo() {
        // a values file's number is a float64 (1.073741824e+09 as text); a quantity may have a fraction
        Manifests manifests = Chart.template().values("journal-bytes").set("tmpDir.sizeLimit", "1.5Gi").render();

        assertThat(manifests.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("1073741824");
        assertThat(Nodes.at(manifests.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("1280Mi");
        assertThat(Nodes.at(manifests.volume("tmp"), "emptyDir", "sizeLimit")).isEqualTo("1.5Gi");
        assertThat(Chart.template().set("resources.limits.ephemeral-storage", "1.1Gi").notes())
            .contains("is below the journal's emptyDir (1280Mi)");
    }

    @Test
    void anEphemeralStorageLimitBelowTheJournalsVolumeIsWarnedAboutAndOneAboveItIsNot() {
        // the default journal (1GB) takes a 1280Mi emptyDir: a 1Gi limit evicts the pod before the journal fills
        assertThat(Chart.template().set("resources.limits.ephemeral-storage", "1Gi").notes())
            .contains("WARNING: resources.limits.ephemeral-storage (1Gi) is below the journal's emptyDir (1280Mi)");
        Chart.Render roomy = Chart.template().set("resources.limits.ephemeral-storage", "2Gi");

        assertThat(Nodes.at(roomy.render().container(), "resources", "limits", "ephemeral-storage")).isEqualTo("2Gi");
        assertThat(roomy.notes()).doesNotContain("ephemeral-storage");
        // exactly the journal's volume: /tmp (256Mi) and the logs share the limit too, and were not counted
        assertThat(Chart.template().set("resources.limits.ephemeral-storage", "1280Mi").notes())
            .contains("is below the journal's emptyDir (1280Mi) plus /tmp's (256Mi)");
    }

    @Test
    void aLongImageTagIsCutToALabelValuesLength() {
        String tag = "2026.12.04-build.123456789-" + "a".repeat(50);
        Map<String, Object> labels = Nodes.map(Chart.template().set("image.tag", tag).render().deployment(),
                "metadata", "labels");

        String version = (String) labels.get("app.kubernetes.io/version");
        assertThat(version).hasSize(63).isEqualTo(tag.substring(0, 63));
    }

    @Test
    void aLoadBalancerCarriesTheApiOnlyAndTheActuatorGetsAClusterIpServiceOfItsOwn() {
        Manifests manifests = Chart.template().set("service.type", "LoadBalancer").render();
        List<Map<String, Object>> services = manifests.all("Service");

        assertThat(services).hasSize(2);
        Map<String, Object> api = services.get(0);
        Map<String, Object> management = services.get(1);
        assertThat(Nodes.at(api, "spec", "type")).isEqualTo("LoadBalancer");
        assertThat(Nodes.list(api, "spec", "ports")).extracting((port) -> Nodes.at(port, "name")).containsExactly("http");
        assertThat(Nodes.at(management, "metadata", "name")).isEqualTo(Chart.FULLNAME + "-management");
        assertThat(Nodes.at(management, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(Nodes.list(management, "spec", "ports")).extracting((port) -> Nodes.at(port, "name"))
                .containsExactly("management");
        assertThat(Nodes.map(management, "spec", "selector")).isEqualTo(Nodes.map(api, "spec", "selector"));
        assertThat(Chart.template().set("service.type", "LoadBalancer").notes())
                .contains("port-forward svc/" + Chart.FULLNAME + "-management 8081:8081");
    }

    @Test
    void theDefaultClusterIpServiceCarriesBothPorts() {
        List<Map<String, Object>> services = Chart.template().render().all("Service");

        assertThat(services).hasSize(1);
        assertThat(Nodes.list(services.get(0), "spec", "ports")).extracting((port) -> Nodes.at(port, "name"))
                .containsExactly("http", "management");
    }

    @Test
    void anExtraEnvEntryWithANameTheChartSetsReplacesItAndIsRenderedOnce() {
        Manifests manifests = Chart.template()
                .set("extraEnv[0].name", "JAVA_TOOL_OPTIONS")
                .set("extraEnv[0].value", "-Xss512k")
                .render();

        List<Object> env = Nodes.list(manifests.container(), "env");
        assertThat(env).filteredOn((entry) -> "JAVA_TOOL_OPTIONS".equals(Nodes.at(entry, "name")))
                .containsExactly(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-Xss512k"));
        assertThat(env).extracting((entry) -> Nodes.at(entry, "name")).doesNotHaveDuplicates().contains("SERVER_PORT");
    }

    @Test
    void aJournalOnAnEmptyDirRequestsItsSizeOfEphemeralStorageUnlessTheValuesAskForSomeThemselves() {
        Map<String, Object> requests = Nodes.map(Chart.template().set("journal.sizeLimit", "3Gi")
                .set("kafka.journal.maxBytes", "2GB")
                .render().container(), "resources", "requests");
        Map<String, Object> own = Nodes.map(Chart.template().set("resources.requests.ephemeral-storage", "5Gi")
                .render().container(), "resources", "requests");
        Map<String, Object> off = Nodes.map(Chart.template().set("journal.enabled", false).render().container(),
                "resources", "requests");
        // Kubernetes requests the limit when only a limit is given, and refuses a request above it
        Map<String, Object> limited = Nodes.map(Chart.template().set("resources.limits.ephemeral-storage", "2Gi")
                .render().container(), "resources");

        // 3Gi for the journal and 256Mi for /tmp: a pod whose journal is full and /tmp busy is not over its request
        assertThat(requests).containsEntry("ephemeral-storage", "3328Mi").containsEntry("memory", "1Gi");
        assertThat(own).containsEntry("ephemeral-storage", "5Gi");
        assertThat(off).doesNotContainKey("ephemeral-storage");
        assertThat(Nodes.map(limited, "requests")).doesNotContainKey("ephemeral-storage");
        assertThat(Nodes.map(limited, "limits")).containsEntry("ephemeral-storage", "2Gi");
    }

    @Test
    void theNotesNameTheDashboardsConfigMapAsRenderedAlsoForLongNames() {
        Chart.Render render = Chart.template()
                .set("fullnameOverride", LONG_NAME)
                .set("metrics.grafanaDashboard.enabled", true);

        String name = (String) Nodes.at(render.render().get("ConfigMap"), "metadata", "name");
        assertThat(name).isEqualTo(LONG_NAME + "-dashboard");
        assertThat(render.notes()).contains("ConfigMap " + name + " in namespace " + Chart.NAMESPACE + ",");
    }

    @Test
    void theNotesNameTheNamespacesTheMonitoringObjectsAreIn() {
        String notes = Chart.template()
                .set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.namespace", "monitoring")
                .set("metrics.prometheusRule.enabled", true)
                .notes();

        assertThat(notes).contains("ServiceMonitor " + Chart.FULLNAME + " in namespace monitoring scrapes")
                .contains("PrometheusRule " + Chart.FULLNAME + " in namespace " + Chart.NAMESPACE + " (");
    }

}
