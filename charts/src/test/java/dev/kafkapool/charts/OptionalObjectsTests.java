package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HorizontalPodAutoscaler, ServiceMonitor, NetworkPolicy, PrometheusRule and the dashboard's
 * ConfigMap: rendered only when enabled, and then right.
 */
class OptionalObjectsTests {

    @Test
    void optionalObjectsAreAbsentUnlessEnabled() {
        assertThat(Chart.template().render().kinds())
                .doesNotContain("HorizontalPodAutoscaler", "ServiceMonitor", "NetworkPolicy", "PrometheusRule", "ConfigMap");
    }

    @Test
    void autoscalingCreatesAnHpaAndTakesTheReplicaCountAwayFromTheDeployment() {
        Manifests manifests = Chart.template().values("autoscaling").render();
        Map<String, Object> spec = Nodes.map(manifests.get("HorizontalPodAutoscaler"), "spec");

        assertThat(Nodes.map(manifests.deployment(), "spec")).doesNotContainKey("replicas");
        assertThat(spec).containsEntry("minReplicas", 3).containsEntry("maxReplicas", 10);
        assertThat(Nodes.map(spec, "scaleTargetRef"))
                .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", Chart.FULLNAME));
        assertThat(Nodes.list(spec, "metrics")).extracting((metric) -> Nodes.at(metric, "resource", "name"))
                .containsExactly("cpu", "memory");
        assertThat(Nodes.list(spec, "metrics")).extracting((metric) -> Nodes.at(metric, "resource", "target", "averageUtilization"))
                .containsExactly(60, 80);
    }

    @Test
    void withoutAutoscalingTheDeploymentKeepsItsReplicaCount() {
        assertThat(Nodes.map(Chart.template().set("replicaCount", 3).render().deployment(), "spec")).containsEntry("replicas", 3);
    }

    @Test
    void aRollingUpdateThatMayNeitherAddNorRemoveAPodIsRefusedNamingTheValues() {
        assertThatThrownBy(() -> Chart.template().set("updateStrategy.rollingUpdate.maxSurge", "0%")
            .set("updateStrategy.rollingUpdate.maxUnavailable", 0).render())
                .hasMessageContaining("updateStrategy.rollingUpdate.maxSurge and maxUnavailable are both 0");
        // Recreate takes no rolling update settings: the chart drops them
        assertThatNoException().isThrownBy(() -> Chart.template().set("updateStrategy.type", "Recreate")
            .set("updateStrategy.rollingUpdate.maxSurge", 0).set("updateStrategy.rollingUpdate.maxUnavailable", 0).render());
    }

    @Test
    void autoscalingRangeMustNotBeInverted() {
        assertThatThrownBy(() -> Chart.template().values("autoscaling").set("autoscaling.minReplicas", 11).render())
                .hasMessageContaining("autoscaling.minReplicas (11) must not exceed autoscaling.maxReplicas (10)");
    }

    @Test
    void autoscalingOnAResourceWithoutARequestOrLimitIsWarnedAbout() {
        assertThat(Chart.template().values("autoscaling").set("resources.requests.cpu", "null").notes())
            .contains("WARNING: autoscaling.targetCPU (60 %) is a share of the container's cpu request, and neither "
                    + "resources.requests.cpu nor a limit");
        assertThat(Chart.template().values("autoscaling").set("resources.requests.memory", "null")
            .set("resources.limits.memory", "null").notes()).contains("neither resources.requests.memory nor a limit");
        // the default memory limit stands for a missing memory request
        assertThat(Chart.template().values("autoscaling").set("resources.requests.memory", "null").notes())
            .doesNotContain("autoscaling.target");
        // Kubernetes takes a limit for the missing request; a target left empty needs neither
        assertThat(Chart.template().values("autoscaling").set("resources.requests.cpu", "null")
            .set("resources.limits.cpu", "1").notes()).doesNotContain("autoscaling.target");
        assertThat(Chart.template().values("autoscaling").set("autoscaling.targetMemory", "")
            .set("resources.requests.memory", "null").set("resources.limits.memory", "null").notes())
            .doesNotContain("autoscaling.target");
        assertThat(Chart.template().values("autoscaling").notes()).doesNotContain("autoscaling.target");
    }

    @Test
    void serviceMonitorScrapesActuatorPrometheusOnTheManagementPort() {
        Map<String, Object> serviceMonitor = Chart.template().values("service-monitor").render().get("ServiceMonitor");
        Map<String, Object> endpoint = Nodes.map(Nodes.list(serviceMonitor, "spec", "endpoints").get(0));

        assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus").containsEntry("interval", "15s");
        assertThat(Nodes.map(serviceMonitor, "metadata")).containsEntry("namespace", "monitoring")
                // the same release name in two namespaces gives two ServiceMonitors in the shared one (g59f)
                .containsEntry("name", Chart.NAMESPACE + "-" + Chart.FULLNAME);
        assertThat(Nodes.map(Chart.template().set("metrics.serviceMonitor.enabled", true).render().get("ServiceMonitor"),
                "metadata")).containsEntry("name", Chart.FULLNAME).containsEntry("namespace", Chart.NAMESPACE);
        assertThat(Nodes.map(serviceMonitor, "metadata", "labels")).containsEntry("release", "prometheus");
        // From the monitoring namespace it must still find the Service in the release namespace.
        assertThat(Nodes.at(serviceMonitor, "spec", "namespaceSelector", "matchNames")).isEqualTo(List.of(Chart.NAMESPACE));
        assertThat(Nodes.map(serviceMonitor, "spec", "selector", "matchLabels"))
                .isEqualTo(Nodes.map(Chart.template().render().get("Service"), "spec", "selector"));
    }

    @Test
    void lockedDownNetworkPolicyAdmitsLabelledClientsToTheApiPrometheusToTheActuatorAndReachesOnlyDnsAndBrokers() {
        Map<String, Object> spec = Nodes.map(Chart.template().values("network-policy").render().get("NetworkPolicy"), "spec");
        List<Object> ingress = Nodes.list(spec, "ingress");

        assertThat(Nodes.list(spec, "policyTypes")).containsExactly("Ingress", "Egress");
        assertThat(ingress).hasSize(2);
        assertThat(Nodes.list(ingress.get(0), "ports")).containsExactly(Map.of("port", 8080, "protocol", "TCP"));
        assertThat(Nodes.list(ingress.get(0), "from")).containsExactly(
                Map.of("podSelector", Map.of("matchLabels", Map.of(Chart.FULLNAME + "-client", "true"))),
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "api-clients"))));
        // One peer with both selectors: Prometheus pods of the monitoring namespace, nothing else.
        assertThat(Nodes.list(ingress.get(1), "ports")).containsExactly(Map.of("port", 8081, "protocol", "TCP"));
        assertThat(Nodes.list(ingress.get(1), "from")).containsExactly(Map.of(
                "namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus"))));
        assertThat(Nodes.list(spec, "egress")).flatExtracting((rule) -> Nodes.list(rule, "ports"))
                .extracting((port) -> Nodes.at(port, "port"))
                .containsExactly(53, 53, 9093, 9094);
    }

    @Test
    void lockedDownEgressReachesThePortsOfTheBootstrapListToo() {
        Map<String, Object> spec = Nodes.map(Chart.template().values("network-policy")
            .set("kafka.brokers", "kafka-0.kafka:9093,kafka-1.kafka:9095")
            .render()
            .get("NetworkPolicy"), "spec");

        assertThat(Nodes.list(spec, "egress")).flatExtracting((rule) -> Nodes.list(rule, "ports"))
            .extracting((port) -> Nodes.at(port, "port"))
            .containsExactly(53, 53, 9093, 9094, 9095);
    }

    @ParameterizedTest
    @CsvSource({ "issuerUri, https://login.example.com/realms/kafka, 443",
            "jwkSetUri, http://keycloak.iam/realms/kafka/protocol/openid-connect/certs, 80",
            "issuerUri, https://keycloak.iam:8443/realms/kafka, 8443" })
    void lockedDownEgressReachesTheTokenIssuerWhoseKeysTheApiChecksTokensWith(String setting, String uri, int port) {
        // without it every request would be refused while the app cannot fetch the issuer's keys
        Map<String, Object> spec = Nodes.map(Chart.template().values("network-policy")
            .set("security.enabled", true)
            .set("security.jwt." + setting, uri)
            .render()
            .get("NetworkPolicy"), "spec");

        assertThat(Nodes.list(spec, "egress")).flatExtracting((rule) -> Nodes.list(rule, "ports"))
            .extracting((rulePort) -> Nodes.at(rulePort, "port"))
            .containsExactly(53, 53, 9093, 9094, port);
    }

    @Test
    void lockedDownEgressOpensNoIssuerPortWithAPublicKeyOrWithSecurityOff() {
        Map<String, Object> withKey = Nodes.map(Chart.template().values("network-policy")
            .set("security.enabled", true)
            .set("security.jwt.publicKey.secretName", "token-issuer-key")
            .render()
            .get("NetworkPolicy"), "spec");
        Map<String, Object> off = Nodes.map(Chart.template().values("network-policy")
            .set("security.jwt.issuerUri", "https://login.example.com/realms/kafka")
            .render()
            .get("NetworkPolicy"), "spec");

        for (Map<String, Object> spec : List.of(withKey, off)) {
            assertThat(Nodes.list(spec, "egress")).flatExtracting((rule) -> Nodes.list(rule, "ports"))
                .extracting((rulePort) -> Nodes.at(rulePort, "port"))
                .containsExactly(53, 53, 9093, 9094);
        }
    }

    @Test
    void apiClientPodLabelsWithoutNamespaceLabelsAdmitPodsOfTheReleaseNamespaceOnly() {
        // an empty namespaceSelector beside them admitted pods so labelled in every namespace
        Map<String, Object> spec = Nodes.map(Chart.template()
            .set("networkPolicy.enabled", true)
            .set("networkPolicy.allowExternal", false)
            .set("networkPolicy.ingressNSPodMatchLabels.app", "gateway")
            .render()
            .get("NetworkPolicy"), "spec");

        assertThat(Nodes.list(Nodes.list(spec, "ingress").get(0), "from")).containsExactly(
                Map.of("podSelector", Map.of("matchLabels", Map.of(Chart.FULLNAME + "-client", "true"))),
                Map.of("podSelector", Map.of("matchLabels", Map.of("app", "gateway"))));
    }

    @Test
    void openNetworkPolicyAllowsAnyClientToTheApiAnyPodOfTheClusterToTheActuatorAndAnyDestination() {
        Map<String, Object> spec = Nodes.map(Chart.template().set("networkPolicy.enabled", true).render().get("NetworkPolicy"), "spec");

        // a rule without "from" would admit sources outside the cluster to the health details too
        assertThat(Nodes.list(spec, "ingress")).containsExactly(
                Map.of("ports", List.of(Map.of("port", 8080, "protocol", "TCP"))),
                Map.of("ports", List.of(Map.of("port", 8081, "protocol", "TCP")),
                        "from", List.of(Map.of("namespaceSelector", Map.of()))));
        assertThat(Nodes.list(spec, "egress")).containsExactly(Map.of());
    }

    @Test
    void lockedDownWithoutManagementSelectorsNoPodReachesTheActuator() {
        Map<String, Object> spec = Nodes.map(Chart.template()
                .set("networkPolicy.enabled", true)
                .set("networkPolicy.allowExternal", false)
                .render().get("NetworkPolicy"), "spec");

        // No rule for 8081 at all: a rule without "from" would admit every pod.
        assertThat(Nodes.list(spec, "ingress")).hasSize(1)
                .allSatisfy((rule) -> assertThat(Nodes.list(rule, "ports")).containsExactly(Map.of("port", 8080, "protocol", "TCP")));
    }

    @Test
    void prometheusPodsOfTheReleaseNamespaceAloneAreSelectedByPodLabels() {
        Map<String, Object> spec = Nodes.map(Chart.template()
                .set("networkPolicy.enabled", true)
                .set("networkPolicy.allowExternal", false)
                .set("networkPolicy.managementPodMatchLabels.app", "prometheus")
                .render().get("NetworkPolicy"), "spec");

        assertThat(Nodes.list(Nodes.list(spec, "ingress").get(1), "from"))
                .containsExactly(Map.of("podSelector", Map.of("matchLabels", Map.of("app", "prometheus"))));
    }
}
