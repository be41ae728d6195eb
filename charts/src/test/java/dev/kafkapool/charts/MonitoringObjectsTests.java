package dev.kafkapool.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PrometheusRule and the Grafana dashboard's ConfigMap carry the chart's files
 * alerts/kafka-pool.rules.yaml and dashboards/kafka-pool.json unchanged; the files themselves
 * are checked against a real Prometheus in the sample app's ops tests.
 */
class MonitoringObjectsTests {

    private static final Pattern METER_SELECTOR = Pattern.compile("(kafka_publisher_[a-z_]+)(\\{[^}]*})?");

    private final Manifests manifests = Chart.template().values("monitoring").render();

    @Test
    void prometheusRuleHoldsTheRuleFileAsItIs() throws IOException {
        Map<String, Object> rule = this.manifests.get("PrometheusRule");

        assertThat(Nodes.map(rule, "spec")).isEqualTo(load(Files.readString(Chart.DIR.resolve("alerts/kafka-pool.rules.yaml"))));
        assertThat(Nodes.map(rule, "metadata")).containsEntry("namespace", "monitoring");
        assertThat(Nodes.map(rule, "metadata", "labels")).containsEntry("release", "prometheus")
                .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
    }

    @Test
    void aServiceMonitorBehindANetworkPolicyThatAdmitsNoOneToTheManagementPortIsWarnedAbout() {
        // the NOTES said it scraped while the policy refused every scrape, and no alert could fire (g52b)
        Chart.Render closed = Chart.template().set("metrics.serviceMonitor.enabled", true)
            .set("networkPolicy.enabled", true)
            .set("networkPolicy.allowExternal", false);
        assertThat(closed.notes()).contains("WARNING: metrics.serviceMonitor is on, but the NetworkPolicy lets nothing reach "
                + "the management port")
            .contains("if a NetworkPolicy of yours lets Prometheus in");
        Chart.Render open = closed.set("networkPolicy.managementNSMatchLabels.kubernetes\\.io/metadata\\.name", "monitoring");
        assertThat(open.notes()).doesNotContain("lets nothing reach the management port")
            .doesNotContain("if a NetworkPolicy of yours");
        assertThat(Chart.template().set("metrics.serviceMonitor.enabled", true).set("networkPolicy.enabled", true).notes())
            .doesNotContain("lets nothing reach the management port");
        // a rule of the operator's own in extraIngress may let Prometheus in: not said to be refused (g52r)
        assertThat(Chart.template().set("metrics.serviceMonitor.enabled", true).set("networkPolicy.enabled", true)
            .set("networkPolicy.allowExternal", false)
            .set("networkPolicy.extraIngress[0].ports[0].port", 8081)
            .notes()).doesNotContain("lets nothing reach the management port");
    }

    @Test
    void everyAlertHasASeverityAndADescription() {
        List<Map<String, Object>> rules = alertRules();

        assertThat(rules).extracting((rule) -> rule.get("alert")).containsExactly("KafkaPoolQueueNearlyFull",
                "KafkaPoolDeliveriesFailing", "KafkaPoolClientCertificateExpiring", "KafkaPoolNotReady", "KafkaPoolNotDelivering",
                "KafkaPoolJournalFsyncFailing", "KafkaPoolJournalRecordsLost");
        assertThat(rules).allSatisfy((rule) -> {
            assertThat(Nodes.map(rule, "labels")).containsKey("severity");
            assertThat(Nodes.map(rule, "annotations")).containsKeys("summary", "description");
        });
        assertThat(rules.get(0)).containsEntry("for", "5m");
        assertThat((String) rules.get(2).get("expr")).contains("14 * 86400");
    }

    @Test
    void dashboardConfigMapHoldsTheDashboardFileForGrafanasSidecar() throws IOException {
        Map<String, Object> configMap = this.manifests.get("ConfigMap");

        assertThat(Nodes.map(configMap, "metadata")).containsEntry("name", Chart.FULLNAME + "-dashboard")
                .containsEntry("namespace", "monitoring");
        assertThat(Nodes.map(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(Nodes.map(configMap, "metadata", "annotations")).containsEntry("grafana_folder", "Kafka");
        assertThat(Nodes.map(configMap, "data"))
                .containsExactly(Map.entry("kafka-pool.json", Files.readString(Chart.DIR.resolve("dashboards/kafka-pool.json")).strip()));
    }

    @Test
    void everyDashboardQueryReadsTheChosenNamespaceAndPoolFromThePrometheusDataSource() throws IOException {
        Map<String, Object> dashboard = dashboard();
        List<String> expressions = new ArrayList<>();
        for (Object panel : Nodes.list(dashboard, "panels")) {
            if ("row".equals(Nodes.map(panel).get("type"))) {
                continue;
            }
            assertThat(Nodes.map(panel, "datasource")).isEqualTo(Map.of("type", "prometheus", "uid", "${datasource}"));
            for (Object target : Nodes.list(panel, "targets")) {
                expressions.add((String) Nodes.map(target).get("expr"));
            }
        }

        assertThat(expressions).hasSizeGreaterThan(20).allSatisfy((expr) -> {
            Matcher selector = METER_SELECTOR.matcher(expr);
            int meters = 0;
            while (selector.find()) {
                meters++;
                assertThat(selector.group(2)).as("selector of %s in %s", selector.group(1), expr)
                        .isEqualTo("{namespace=~\"$namespace\", pool=~\"$pool\"}");
            }
            assertThat(meters).as(expr).isPositive();
        });
    }

    @Test
    void dashboardShowsEveryMeterOfThePool() throws IOException {
        String json = Files.readString(Chart.DIR.resolve("dashboards/kafka-pool.json"));

        assertThat(json).contains("kafka_publisher_published_total", "kafka_publisher_delivery_seconds_bucket",
                "kafka_publisher_queue_messages", "kafka_publisher_queue_capacity", "kafka_publisher_queue_bytes",
                "kafka_publisher_queue_max_bytes", "kafka_publisher_in_flight", "kafka_publisher_rejected_total",
                "kafka_publisher_retried_total", "kafka_publisher_failed_total", "kafka_publisher_workers",
                "kafka_publisher_worker_restarts_total", "kafka_publisher_client_certificate_expiry_seconds",
                "kafka_publisher_journal_bytes", "kafka_publisher_journal_max_bytes", "kafka_publisher_journal_segments",
                "kafka_publisher_journal_unacknowledged", "kafka_publisher_journal_oldest_unacknowledged_age_seconds",
                "kafka_publisher_journal_fsync_seconds_count", "kafka_publisher_journal_fsync_seconds_sum",
                "kafka_publisher_journal_replayed_total", "kafka_publisher_journal_corrupt_total",
                "kafka_publisher_journal_fsync_failures_total");
    }

    @Test
    void dashboardPanelsHaveUniqueIdsAndFitTheGrid() throws IOException {
        Map<String, Object> dashboard = dashboard();
        Set<Object> ids = new HashSet<>();

        assertThat(dashboard).containsEntry("uid", "kafka-pool");
        assertThat(Nodes.list(dashboard, "panels")).allSatisfy((panel) -> {
            assertThat(ids.add(Nodes.map(panel).get("id"))).as("unique id of %s", Nodes.map(panel).get("title")).isTrue();
            Map<String, Object> grid = Nodes.map(panel, "gridPos");
            assertThat((Integer) grid.get("x") + (Integer) grid.get("w")).isLessThanOrEqualTo(24);
        });
        assertThat(Nodes.list(dashboard, "templating", "list")).extracting((variable) -> Nodes.map(variable).get("name"))
                .containsExactly("datasource", "namespace", "pool");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() {
        try {
            Map<String, Object> file = load(Files.readString(Chart.DIR.resolve("alerts/kafka-pool.rules.yaml")));
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Object group : Nodes.list(file, "groups")) {
                Nodes.list(group, "rules").forEach((rule) -> rules.add((Map<String, Object>) rule));
            }
            return rules;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> dashboard() throws IOException {
        // JSON is YAML: one parser for both files.
        return load(Files.readString(Chart.DIR.resolve("dashboards/kafka-pool.json")));
    }

    private static Map<String, Object> load(String text) {
        return Nodes.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }
}
