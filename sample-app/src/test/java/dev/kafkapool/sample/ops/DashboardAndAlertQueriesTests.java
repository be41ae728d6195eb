package dev.kafkapool.sample.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart's Grafana dashboard and alert rules against a real Prometheus that scrapes the
 * running sample app (a child process with a journal, publishing over mTLS to a real broker):
 * every dashboard query and alert expression parses and finds the pool's series, the dashboard
 * shows what the app did, and Prometheus evaluates every rule without an error and raises no
 * alert for a healthy pool.
 */
@Tag("ops")
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, topics = @KafkaTopic(value = DashboardAndAlertQueriesTests.TOPIC, partitions = 2))
class DashboardAndAlertQueriesTests {

    static final String TOPIC = "ops-metrics";

    private static final String POOL = "ops-pool";

    private static final String NAMESPACE = "apps";

    /** Grafana's variables as a user picks them: this namespace and pool, and a rate window. */
    private static final Map<String, String> GRAFANA = Map.of("namespace", NAMESPACE, "pool", POOL, "__rate_interval", "1m");

    private static final int BATCHES = 5;

    private static final int RECORDS_PER_BATCH = 20;

    private static final Duration WAIT = Duration.ofSeconds(60);

    static KafkaCluster cluster;

    @TempDir
    static Path work;

    private static MonitoredApp app;

    private static PrometheusServer prometheus;

    @BeforeAll
    static void prometheusScrapesTheAppWhileItPublishes() throws Exception {
        app = MonitoredApp.start(cluster, TOPIC, POOL, Files.createDirectories(work.resolve("journal")));
        // The labels Kubernetes service discovery adds, which the dashboard filters by.
        prometheus = PrometheusServer.start(Files.createDirectories(work.resolve("prometheus")), app.scrapeTarget(),
                Map.of("namespace", NAMESPACE, "pod", "kafka-pool-sample-0"), ChartMonitoringFiles.RULES);
        prometheus.awaitSeries("up{job=\"" + PrometheusServer.JOB + "\"}", (series) -> value(series) == 1, WAIT);
        // Publish after the first scrape, so rates and the latency histogram see the deliveries.
        for (int batch = 0; batch < BATCHES; batch++) {
            assertThat(app.publish(TOPIC, records(batch, RECORDS_PER_BATCH))).isEqualTo(200);
            assertThat(app.publish("not-allowed", records(batch, 1))).isEqualTo(404);
            Thread.sleep(500);
        }
        prometheus.awaitSeries("kafka_publisher_published_total{pool=\"" + POOL + "\"}",
                (series) -> value(series) == BATCHES * RECORDS_PER_BATCH, WAIT);
        prometheus.await("every rule evaluated", WAIT, () -> {
            List<JsonNode> rules = prometheus.rules();
            return !rules.isEmpty() && rules.stream().noneMatch((rule) -> "unknown".equals(rule.path("health").asString()));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyDashboardQueryParsesAndReturnsSeriesOfTheChosenPool() {
        Map<String, String> queries = ChartMonitoringFiles.dashboardQueries(GRAFANA);
        SoftAssertions softly = new SoftAssertions();
        queries.forEach((panel, promql) -> {
            JsonNode answer = prometheus.query(promql);
            softly.assertThat(answer.path("status").asString()).as("%s: %s -> %s", panel, promql, answer).isEqualTo("success");
            List<JsonNode> series = prometheus.series(promql);
            softly.assertThat(series).as("series of %s: %s", panel, promql).isNotEmpty();
            softly.assertThat(series).as("pools of %s", panel)
                .allSatisfy((one) -> assertThat(one.path("metric").path("pool").asString("")).isIn(POOL, ""));
        });
        softly.assertAll();
        assertThat(queries).hasSizeGreaterThan(20);
    }

    @Test
    void dashboardVariablesOfferTheScrapedNamespaceAndPool() {
        Map<String, ChartMonitoringFiles.LabelValues> variables = ChartMonitoringFiles.dashboardVariables(GRAFANA);

        assertThat(variables).containsOnlyKeys("namespace", "pool");
        assertThat(labelValues(variables.get("namespace"))).containsExactly(NAMESPACE);
        assertThat(labelValues(variables.get("pool"))).containsExactly(POOL);
    }

    @Test
    void dashboardShowsWhatTheAppDid() {
        Map<String, String> queries = ChartMonitoringFiles.dashboardQueries(GRAFANA);

        assertThat(values(queries.get("Delivered records per second / {{pool}}"))).singleElement()
            .satisfies((rate) -> assertThat(rate).isPositive());
        assertThat(values(queries.get("Delivery latency / {{pool}} p99"))).singleElement()
            .satisfies((seconds) -> assertThat(seconds).isPositive().isLessThan(30));
        assertThat(prometheus.series(queries.get("Refused records per second, by reason / {{pool}} {{reason}}")))
            .filteredOn((series) -> value(series) > 0)
            .extracting((series) -> series.path("metric").path("reason").asString())
            .containsExactly("topic_not_allowed");
        assertThat(values(queries.get("Messages held and capacity / {{pool}} {{instance}} capacity"))).containsExactly(100_000.0);
        assertThat(values(queries.get("Heap held and maximum / {{pool}} {{instance}} maximum"))).containsExactly(64.0 * 1024 * 1024);
        assertThat(values(queries.get("Journal disk and maximum / {{pool}} {{instance}} maximum"))).containsExactly(64.0 * 1024 * 1024);
        assertThat(values(queries.get("Workers alive and restarts / {{pool}} {{instance}} alive"))).containsExactly(2.0);
        // The test kit's client certificate is valid for 30 days.
        assertThat(values(queries.get("Client certificate: days left / {{pool}}"))).singleElement()
            .satisfies((days) -> assertThat(days).isBetween(29.0, 30.0));
        assertThat(values(queries.get("Unacknowledged records and segments / {{pool}} {{instance}} unacknowledged")))
            .containsExactly(0.0);
    }

    @Test
    void everyAlertExpressionParsesAndTheSeriesItReadsAreScraped() {
        Map<String, String> alerts = ChartMonitoringFiles.alertExpressions();
        SoftAssertions softly = new SoftAssertions();
        alerts.forEach((alert, promql) -> {
            JsonNode answer = prometheus.query(promql);
            softly.assertThat(answer.path("status").asString()).as("%s: %s -> %s", alert, promql, answer).isEqualTo("success");
            // A healthy pool makes these expressions empty; what they read must still be there.
            ChartMonitoringFiles.meters(promql).forEach((meter) -> softly
                .assertThat(prometheus.series(meter + "{pool=\"" + POOL + "\"}"))
                .as("series %s read by %s", meter, alert)
                .isNotEmpty());
        });
        softly.assertAll();
        assertThat(alerts).hasSize(7);
    }

    @Test
    void prometheusEvaluatesEveryRuleWithoutErrorAndAHealthyPoolRaisesNoAlert() {
        List<JsonNode> rules = prometheus.rules();

        assertThat(rules).extracting((rule) -> rule.path("name").asString())
            .containsExactlyElementsOf(ChartMonitoringFiles.alertExpressions().keySet());
        assertThat(rules).allSatisfy((rule) -> assertThat(rule.path("health").asString())
            .as("%s: %s", rule.path("name").asString(), rule.path("lastError").asString())
            .isEqualTo("ok"));
        assertThat(prometheus.activeAlerts()).isEmpty();
    }

    private static List<String> labelValues(ChartMonitoringFiles.LabelValues variable) {
        return prometheus.series(variable.selector())
            .stream()
            .map((series) -> series.path("metric").path(variable.label()).asString())
            .distinct()
            .toList();
    }

    private static List<Double> values(String promql) {
        assertThat(promql).as("a query of the dashboard").isNotNull();
        return prometheus.series(promql).stream().map(DashboardAndAlertQueriesTests::value).toList();
    }

    /** The sample value of one series of an instant query: {@code value} is {@code [time, "number"]}. */
    private static double value(JsonNode series) {
        return Double.parseDouble(series.path("value").get(1).asString());
    }

    private static String records(int batch, int count) {
        return IntStream.range(0, count)
            .mapToObj((i) -> "{\"key\":\"k" + (i % 4) + "\",\"value\":{\"batch\":" + batch + ",\"n\":" + i + "}}")
            .collect(Collectors.joining(",", "[", "]"));
    }

}
