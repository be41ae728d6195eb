package dev.kafkapool.charts;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful shutdown: every timing derives from shutdown.*, and Kubernetes waits for all of it. */
class ShutdownTests {

    @Test
    void gracePeriodOutlastsThePreStopPauseTheHttpPhaseAndTheDrain() {
        Manifests manifests = Chart.template().values("all-kafka-settings").render();

        int grace = (Integer) manifests.podSpec().get("terminationGracePeriodSeconds");
        int preStop = (Integer) Nodes.at(manifests.container(), "lifecycle", "preStop", "sleep", "seconds");
        int drain = seconds(manifests.envValue("KAFKA_SHUTDOWN_TIMEOUT"));
        int httpPhase = seconds(manifests.envValue("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));

        assertThat(preStop).isEqualTo(8);
        assertThat(drain).isEqualTo(45);
        assertThat(grace).isGreaterThan(preStop + drain).isGreaterThan(preStop + httpPhase + drain);
    }

    @Test
    void defaultShutdownTimingsAreConsistent() {
        Manifests manifests = Chart.template().render();

        assertThat(manifests.envValue("KAFKA_SHUTDOWN_TIMEOUT")).isEqualTo("30s");
        assertThat(manifests.envValue("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE")).isEqualTo("30s");
        assertThat(manifests.envValue("SERVER_SHUTDOWN")).isEqualTo("graceful");
        assertThat(manifests.podSpec()).containsEntry("terminationGracePeriodSeconds", 5 + 30 + 30 + 10);
    }

    @Test
    void preStopPauseUsesTheNativeSleepActionNotAShell() {
        Map<String, Object> preStop = Nodes.map(Chart.template().render().container(), "lifecycle", "preStop");

        assertThat(preStop).containsOnlyKeys("sleep");
        assertThat(Nodes.at(preStop, "sleep", "seconds")).isEqualTo(5);
    }

    @Test
    void zeroPreStopSecondsDropsThePause() {
        Manifests manifests = Chart.template().set("shutdown.preStopSeconds", 0).render();

        assertThat(manifests.container()).doesNotContainKey("lifecycle");
        assertThat(manifests.podSpec()).containsEntry("terminationGracePeriodSeconds", 30 + 30 + 10);
    }

    @Test
    void clustersOlderThanKubernetes130AreRefusedBecauseTheyLackTheSleepAction() {
        assertThatThrownBy(() -> Chart.template().kubeVersion("1.29.4").render()).hasMessageContaining("kubeVersion");
    }

    private static int seconds(String duration) {
        assertThat(duration).matches("[0-9]+s");
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }
}
