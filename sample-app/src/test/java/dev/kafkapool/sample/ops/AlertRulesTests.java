package dev.kafkapool.sample.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's alert rules under {@code promtool}: the file is a valid rule file, and each alert
 * fires on its condition and not on the nearest healthy case (kafka-pool.rules.test.yaml beside
 * this class).
 */
@Tag("ops")
class AlertRulesTests {

    @TempDir
    Path work;

    @Test
    void promtoolAcceptsTheChartsRuleFile() throws Exception {
        Tools.Result check = Tools.PROMTOOL.run("check", "rules", ChartMonitoringFiles.RULES.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 7 rules found");
    }

    @Test
    void eachAlertFiresOnItsConditionAndStaysQuietOtherwise() throws Exception {
        // promtool finds the rule file beside the test file.
        Files.copy(ChartMonitoringFiles.RULES, this.work.resolve("kafka-pool.rules.yaml"));
        Path tests = this.work.resolve("kafka-pool.rules.test.yaml");
        try (InputStream resource = AlertRulesTests.class.getResourceAsStream("kafka-pool.rules.test.yaml")) {
            assertThat(resource).as("kafka-pool.rules.test.yaml on the test class path").isNotNull();
            Files.copy(resource, tests);
        }

        Tools.Result result = Tools.PROMTOOL.run("test", "rules", tests.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolRefusesABrokenRuleSoTheCheckAboveMeansSomething() throws IOException, InterruptedException {
        Path broken = Files.writeString(this.work.resolve("broken.rules.yaml"), Files.readString(ChartMonitoringFiles.RULES)
            .replace("kafka_publisher_client_certificate_expiry_seconds < 14 * 86400",
                    "kafka_publisher_client_certificate_expiry_seconds < < 14"));

        Tools.Result check = Tools.PROMTOOL.run("check", "rules", broken.toString());

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output()).contains("FAILED");
    }

}
