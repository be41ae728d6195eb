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
 * The durable journal: a writable volume at KAFKA_JOURNAL_DIR, sized from
 * KAFKA_JOURNAL_MAX_BYTES, on an emptyDir by default or a PersistentVolumeClaim that one pod at a
 * time mounts.
 */
class JournalTests {

    @Test
    void journalIsOnByDefaultOnAnEmptyDirSizedAQuarterAboveItsBound() {
        Manifests manifests = Chart.template().render();

        assertThat(manifests.envValue("KAFKA_JOURNAL_DIR")).isEqualTo("/var/lib/kafka-pool/journal");
        assertThat(manifests.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("1GB");
        // 1GB as the app reads it is 1024 MiB; a quarter more is 1280Mi.
        assertThat(manifests.volume("journal")).isEqualTo(Map.of("name", "journal", "emptyDir", Map.of("sizeLimit", "1280Mi")));
        assertThat(manifests.kinds()).doesNotContain("PersistentVolumeClaim");
    }

    @Test
    void journalDirectoryIsTheWritableMountOfTheJournalVolume() {
        Manifests manifests = Chart.template().set("journal.mountPath", "/data/journal").render();

        assertThat(manifests.volumeMount("journal")).isEqualTo(Map.of("name", "journal", "mountPath", "/data/journal"));
        assertThat(manifests.envValue("KAFKA_JOURNAL_DIR")).isEqualTo("/data/journal");
        // The root filesystem stays read-only: the volume is the only place the journal can be written,
        // and Kubernetes gives it to the pod's fsGroup.
        assertThat(Nodes.map(manifests.container(), "securityContext")).containsEntry("readOnlyRootFilesystem", true);
        assertThat(Nodes.map(manifests.podSpec(), "securityContext")).containsEntry("fsGroup", 10001);
    }

    @Test
    void volumeFollowsTheJournalBound() {
        assertThat(Nodes.at(Chart.template().set("kafka.journal.maxBytes", "4GB").render().volume("journal"), "emptyDir", "sizeLimit"))
                .isEqualTo("5120Mi");
        assertThat(Nodes.at(Chart.template().set("kafka.journal.maxBytes", "100MB").render().volume("journal"), "emptyDir", "sizeLimit"))
                .isEqualTo("125Mi");
    }

    @Test
    void givenSizeLimitIsKeptWhenItLeavesRoomAboveTheBound() {
        Manifests manifests = Chart.template().set("journal.sizeLimit", "2Gi").render();

        assertThat(Nodes.at(manifests.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("2Gi");
    }

    @Test
    void aFractionalQuantityIsASizeLimitAndAFractionalDataSizeIsRefusedByTheSchema() {
        Manifests manifests = Chart.template().set("journal.sizeLimit", "1.5Gi").render();

        assertThat(Nodes.at(manifests.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("1.5Gi");
        assertThat(Nodes.at(manifests.container(), "resources", "requests", "ephemeral-storage")).isEqualTo("1792Mi");
        Manifests claimed = Chart.template().set("journal.persistence.enabled", true)
            .set("journal.persistence.size", "2.5Gi")
            .render();
        assertThat(Nodes.at(claimed.get("PersistentVolumeClaim"), "spec", "resources", "requests", "storage"))
            .isEqualTo("2.5Gi");
        // a DataSize has no fraction (the app refuses 1.5GB, and the API server any "GB")
        assertThatThrownBy(() -> Chart.template().set("journal.sizeLimit", "1.5GB").render())
            .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void sizeLimitThatTheJournalCouldFillIsRefused() {
        // 1Gi is exactly 1GB as the app reads it: a full journal would get the pod evicted.
        assertThatThrownBy(() -> Chart.template().set("journal.sizeLimit", "1Gi").render())
                .hasMessageContaining("journal.sizeLimit (1Gi) must be at least 1191Mi: kafka.journal.maxBytes (1GB), plus one segment");
        // Decimal gigabytes are smaller than the app's binary ones.
        assertThatThrownBy(() -> Chart.template().set("kafka.journal.maxBytes", "2GB").set("journal.sizeLimit", "2G").render())
                .hasMessageContaining("journal.sizeLimit (2G) must be at least 2317Mi: kafka.journal.maxBytes (2GB), plus one segment");
    }

    @ParameterizedTest(name = "maxBytes={0}, size={1}")
    @CsvSource({
            // the app wants room for its bound plus one segment (64MB, or an eighth of a smaller bound)
            "512MB, 564Mi, 628Mi, 65536",
            "64MB, 71Mi, 79Mi, 8192",
            "8MB, 9Mi, 10Mi, 1024",
    })
    void volumeWithoutRoomForTheBoundAndOneMoreSegmentIsRefused(String maxBytes, String size, String least, int segmentKi) {
        assertThatThrownBy(() -> Chart.template().set("kafka.journal.maxBytes", maxBytes).set("journal.sizeLimit", size).render())
                .hasMessageContaining("journal.sizeLimit (" + size + ") must be at least " + least + ": kafka.journal.maxBytes ("
                        + maxBytes + "), plus one segment of the journal (" + segmentKi + "Ki");
        assertThatNoException().isThrownBy(() -> Chart.template()
                .set("kafka.journal.maxBytes", maxBytes).set("journal.sizeLimit", least).render());
        // the size derived from the bound leaves that room
        assertThatNoException().isThrownBy(() -> Chart.template().set("kafka.journal.maxBytes", maxBytes).render());
    }

    @Test
    void sizesGivenAsNumbersOfBytesRenderAsIntegers() {
        // --set makes a number of 2147483648, a values file a float64: neither may print as 2.147483648e+09
        Manifests manifests = Chart.template()
                .set("kafka.journal.maxBytes", 1073741824L)
                .set("journal.sizeLimit", 2147483648L)
                .set("tmpDir.sizeLimit", 268435456)
                .set("kafka.queue.maxBytes", 67108864)
                .render();
        assertThat(Nodes.at(manifests.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("2147483648");
        assertThat(Nodes.at(manifests.volume("tmp"), "emptyDir", "sizeLimit")).isEqualTo("268435456");
        assertThat(manifests.envValue("KAFKA_QUEUE_MAX_BYTES")).isEqualTo("67108864");
        Manifests fromFile = Chart.template().values("byte-numbers").render();
        assertThat(Nodes.at(fromFile.volume("journal"), "emptyDir", "sizeLimit")).isEqualTo("2147483648");
        assertThat(Nodes.at(fromFile.volume("tmp"), "emptyDir", "sizeLimit")).isEqualTo("268435456");
        assertThat(fromFile.envValue("KAFKA_QUEUE_MAX_BYTES")).isEqualTo("67108864");
        assertThat(fromFile.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("1073741824");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "kafka.journal.maxBytes, 3MB, at least 4MB", "kafka.queue.maxBytes, 1KB, at least 64KB",
            "kafka.publishRetryIntervalSec, 0.0005, a number of seconds from 0.001 to 3600",
            "kafka.publishRetryIntervalSec, 4000.5, a number of seconds from 0.001 to 3600",
            // a whole number with --set is a number: the schema's number branch of positiveDecimal takes it
            "kafka.publishRetryIntervalSec, 5000, a number of seconds from 0.001 to 3600" })
    void boundsTheAppRefusesAtStartAreRefusedByTheChart(String key, String value, String expected) {
        assertThatThrownBy(() -> Chart.template().set(key, value).render())
                .hasMessageContaining(key + " (" + value + ") must be " + expected);
    }

    @Test
    void aQueueBoundSetToNullLeavesTheAppsDefault() {
        Manifests manifests = Chart.template().set("kafka.queue.maxBytes", "null").render();
        assertThat(manifests.env()).doesNotContainKey("KAFKA_QUEUE_MAX_BYTES");
    }

    @Test
    void turnedOffTheJournalLeavesNeitherVolumeNorVariables() {
        Manifests manifests = Chart.template().set("journal.enabled", false).set("kafka.journal.fsync", "always").render();

        assertThat(manifests.hasVolume("journal")).isFalse();
        assertThat(Nodes.list(manifests.container(), "volumeMounts")).noneMatch((mount) -> "journal".equals(Nodes.map(mount).get("name")));
        assertThat(manifests.env().keySet()).noneMatch((name) -> name.startsWith("KAFKA_JOURNAL_"));
    }

    @Test
    void persistenceCreatesAClaimAndRecreatesThePodSoTheOldOneReleasesTheLockFirst() {
        Manifests manifests = Chart.template().values("journal-persistence").render();
        Map<String, Object> claim = manifests.get("PersistentVolumeClaim");

        assertThat(Nodes.map(claim, "metadata")).containsEntry("name", Chart.FULLNAME + "-journal");
        assertThat(Nodes.map(claim, "metadata", "annotations")).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(Nodes.map(claim, "spec")).isEqualTo(Map.of(
                "accessModes", List.of("ReadWriteOnce"),
                "storageClassName", "fast-ssd",
                "resources", Map.of("requests", Map.of("storage", "5Gi"))));
        assertThat(manifests.volume("journal"))
                .isEqualTo(Map.of("name", "journal", "persistentVolumeClaim", Map.of("claimName", Chart.FULLNAME + "-journal")));
        assertThat(Nodes.map(manifests.deployment(), "spec", "strategy")).isEqualTo(Map.of("type", "Recreate"));
        assertThat(Nodes.map(manifests.deployment(), "spec")).containsEntry("replicas", 1);
        assertThat(manifests.envValue("KAFKA_JOURNAL_MAX_BYTES")).isEqualTo("4GB");
    }

    @Test
    void createdClaimIsSizedFromTheBoundUnlessGivenAndDashAsksForNoStorageClass() {
        Manifests manifests = Chart.template()
                .set("journal.persistence.enabled", true)
                .set("journal.persistence.storageClass", "-")
                .render();
        Map<String, Object> spec = Nodes.map(manifests.get("PersistentVolumeClaim"), "spec");

        assertThat(spec).containsEntry("storageClassName", "");
        assertThat(Nodes.at(spec, "resources", "requests", "storage")).isEqualTo("1280Mi");
        assertThat(Chart.template().set("journal.persistence.enabled", true).render().get("PersistentVolumeClaim"))
                .extracting((pvc) -> Nodes.map(pvc, "spec"))
                .satisfies((defaultClass) -> assertThat(defaultClass).doesNotContainKey("storageClassName"));
    }

    @Test
    void existingClaimIsMountedAndNoneIsCreated() {
        Manifests manifests = Chart.template()
                .set("journal.persistence.enabled", true)
                .set("journal.persistence.existingClaim", "orders-journal")
                .render();

        assertThat(manifests.kinds()).doesNotContain("PersistentVolumeClaim");
        assertThat(manifests.volume("journal")).isEqualTo(Map.of("name", "journal", "persistentVolumeClaim", Map.of("claimName", "orders-journal")));
        assertThat(Nodes.map(manifests.deployment(), "spec", "strategy")).isEqualTo(Map.of("type", "Recreate"));
    }

    @Test
    void claimTooSmallForTheBoundIsRefused() {
        assertThatThrownBy(() -> Chart.template().values("journal-persistence").set("journal.persistence.size", "4Gi").render())
                .hasMessageContaining("journal.persistence.size (4Gi) must be at least 4570Mi: kafka.journal.maxBytes (4GB), plus one segment");
    }

    @Test
    void aClaimForSeveralPodsIsRefusedNamingTheWayOut() {
        assertThatThrownBy(() -> Chart.template().values("journal-persistence").set("replicaCount", 2).render())
                .hasMessageContaining("journal.persistence.enabled needs replicaCount: 1 and autoscaling.enabled: false (replicaCount is 2")
                .hasMessageContaining("keep the journal on its emptyDir")
                .hasMessageContaining("StatefulSet");
        assertThatThrownBy(() -> Chart.template().values("journal-persistence").values("autoscaling").render())
                .hasMessageContaining("autoscaling.enabled is true");
    }

    @Test
    void severalReplicasKeepTheirOwnEmptyDirJournalsAndRollingUpdates() {
        Manifests manifests = Chart.template().set("replicaCount", 3).render();

        assertThat(manifests.volume("journal")).containsKey("emptyDir");
        assertThat(Nodes.map(manifests.deployment(), "spec", "strategy")).containsEntry("type", "RollingUpdate");
    }

    @Test
    void persistenceWithoutAJournalIsRefused() {
        assertThatThrownBy(() -> Chart.template().set("journal.enabled", false).set("journal.persistence.enabled", true).render())
                .hasMessageContaining("journal.persistence.enabled needs journal.enabled");
    }
}
