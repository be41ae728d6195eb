package dev.kafkapool.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** values.schema.json stops a wrong value before anything renders, and names it. */
class ValuesSchemaTests {

    @Test
    void replicaCountGivenAsWordInAValuesFileIsRejected() {
        assertThatThrownBy(() -> Chart.template().values("invalid-replica-count").render())
                .hasMessageContaining("at '/replicaCount'")
                .hasMessageContaining("want integer");
    }

    @Test
    void replicaCountGivenAsWordWithSetIsRejected() {
        assertThatThrownBy(() -> Chart.template().set("replicaCount", "two").render())
                .hasMessageContaining("at '/replicaCount'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "replicaCunt | 2 | additional properties 'replicaCunt' not allowed",
            "kafka.brokers | my-cluster-kafka-bootstrap | at '/kafka/brokers'",
            "kafka.numThreads | 0 | at '/kafka/numThreads'",
            "kafka.queue.maxBytes | 64 megabytes | at '/kafka/queue/maxBytes'",
            "kafka.startupTimeout | ten seconds | at '/kafka/startupTimeout'",
            "kafka.tls.mountPath | etc/tls | at '/kafka/tls/mountPath'",
            "kafka.tls.clientCertificate.secretName | My_Secret | at '/kafka/tls/clientCertificate/secretName'",
            "kafka.producer.LINGER_MS | 5 | invalid propertyName 'LINGER_MS'",
            "shutdown.timeoutSeconds | 0 | at '/shutdown/timeoutSeconds'",
            "shutdown.preStopSeconds | -1 | at '/shutdown/preStopSeconds'",
            "image.pullPolicy | Sometimes | at '/image/pullPolicy'",
            "livenessProbe.successThreshold | 2 | at '/livenessProbe/successThreshold'",
            "networkPolicy.kafkaPorts | {} | at '/networkPolicy/kafkaPorts'",
            "resources.limits.memory | 1 gigabyte | at '/resources/limits/memory'",
            "containerSecurityContext.runAsUser | 0 | at '/containerSecurityContext/runAsUser'",
            "podSecurityContext.runAsNonRoot | false | at '/podSecurityContext/runAsNonRoot'",
            "containerSecurityContext.allowPrivilegeEscalation | true | at '/containerSecurityContext/allowPrivilegeEscalation'",
            "kafka.journal.fsync | sometimes | at '/kafka/journal/fsync'",
            "kafka.journal.maxBytes | 1 gigabyte | at '/kafka/journal/maxBytes'",
            "kafka.journal.fsyncInterval | often | at '/kafka/journal/fsyncInterval'",
            "kafka.tls.reloadInterval | 1 minute | at '/kafka/tls/reloadInterval'",
            "kafka.tls.reloadInterval | 99ms | at '/kafka/tls/reloadInterval'",
            "kafka.tls.reloadInterval | 0 | at '/kafka/tls/reloadInterval'",
            "kafka.tls.reloadInterval | 0s | at '/kafka/tls/reloadInterval'",
            "kafka.tls.reloadInterval | 50000us | at '/kafka/tls/reloadInterval'",
            "kafka.startupTimeout | -5 | at '/kafka/startupTimeout'",
            "kafka.topicLimits.orders.burst | 0 | at '/kafka/topicLimits/orders/burst'",
            "kafka.topicLimits.orders.burst | 5 | missing property 'recordsPerSecond'",
            "kafka.topicLimits.orders.rate | 5 | additional properties 'rate' not allowed",
            "journal.sizeLimit | lots | at '/journal/sizeLimit'",
            "journal.persistence.accessModes[0] | ReadWriteSometimes | at '/journal/persistence/accessModes/0'",
            "containerPorts.management | 80 | at '/containerPorts/management'",
            "pdb.maxUnavailable | 150% | at '/pdb/maxUnavailable'",
            "pdb.minAvailable | 101% | at '/pdb/minAvailable'",
            "updateStrategy.rollingUpdate.maxUnavailable | 200% | at '/updateStrategy/rollingUpdate/maxUnavailable'",
            "security.jwt.issuerUri | login.example.com | at '/security/jwt/issuerUri'",
            "sample.clientLimits.burst | 0 | at '/sample/clientLimits/burst'",
            "sample.clientLimits.burst | 5 | at '/sample/clientLimits/recordsPerSecond'",
            "resources.requests.ephemeral-storage | 2GB | at '/resources/requests/ephemeral-storage'",
            "resources.limits.ephemeral-storage | lots | at '/resources/limits/ephemeral-storage'",
            "containerSecurityContext.capabilities.add[0] | NET_ADMIN | at '/containerSecurityContext/capabilities/add/0'",
            "kafka.journal.maxBytes | 0MB | at '/kafka/journal/maxBytes'",
            "startupProbe.path | /actuator/health | at '/startupProbe/path'",
            "kafka.startupTimeout | 0 | at '/kafka/startupTimeout'",
            "kafka.startupTimeout | 0s | at '/kafka/startupTimeout'",
            "kafka.journal.fsyncInterval | 0 | at '/kafka/journal/fsyncInterval'",
            "kafka.journal.fsyncInterval | 0ms | at '/kafka/journal/fsyncInterval'",
            "kafka.journal.fsyncInterval | 500us | at '/kafka/journal/fsyncInterval'",
            "kafka.tls.mountPath | / | at '/kafka/tls/mountPath'",
            "kafka.publishRetryIntervalSec | 0 | at '/kafka/publishRetryIntervalSec'",
            "kafka.publishRetryIntervalSec | 0.0 | at '/kafka/publishRetryIntervalSec'",
            "kafka.publishRetryIntervalSec | half a second | at '/kafka/publishRetryIntervalSec'",
            "sample.clientLimits.recordsPerSecond | 0.0 | at '/sample/clientLimits/recordsPerSecond'",
            "kafka.topicLimits.orders.recordsPerSecond | -1.5 | at '/kafka/topicLimits/orders/recordsPerSecond'",
            // bounds the app refuses at start: the pod would crash-loop (g59f)
            "kafka.numThreads | 257 | at '/kafka/numThreads'",
            "kafka.queue.capacity | 3000000000 | at '/kafka/queue/capacity'",
    })
    void invalidValueIsRejectedNamingIt(String key, String value, String expectedMessage) {
        assertThatThrownBy(() -> Chart.template().set(key, value).render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expectedMessage);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "journal.persistence.size | -5Gi", "journal.sizeLimit | abc", "kafka.journal.maxBytes | 1.5GB",
            "kafka.queue.maxBytes | 64mb", "kafka.tls.reloadInterval | 50ms", "resources.limits.memory | lots",
            "tmpDir.sizeLimit | -1Gi", "kafka.startupTimeout | 10 s", "kafka.publishRetryIntervalSec | 1,5",
            // the template adds /tmp to the journal's ephemeral-storage request in bytes, up to Ti (g52r: 1Pi failed there)
            "tmpDir.sizeLimit | 1Pi", "tmpDir.sizeLimit | 2E" })
    void aMalformedSizeOrDurationIsRefusedWithTheFormItMustHave(String key, String value) {
        // a oneOf of a number and a pattern said only "'oneOf' failed, none matched" (g52b)
        assertThatThrownBy(() -> Chart.template().set(key, value).render())
                .hasMessageContaining("at '/" + key.replace('.', '/') + "'")
                .hasMessageContaining("'" + value + "' does not match pattern '^")
                .hasMessageNotContaining("oneOf");
    }

    @Test
    void aLogLabelWithAControlCharacterIsRefusedAsTheAppWould() {
        assertThatThrownBy(() -> Chart.template().set("kafka.logLabel", "orders\u0007pool").render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("at '/kafka/logLabel'");
        assertThatNoException().isThrownBy(() -> Chart.template().set("kafka.logLabel", "orders pool-1").render());
    }

    @Test
    void validValuesOfTheSameFieldsAreAccepted() {
        assertThatNoException().isThrownBy(() -> Chart.template()
                .set("kafka.brokers", "a:9093, b:9093")
                .set("kafka.queue.maxBytes", "64MB")
                .set("kafka.startupTimeout", "PT10S")
                .set("kafka.missingTopicTimeout", 30)
                .set("kafka.producer.linger\\.ms", 5)
                .set("shutdown.preStopSeconds", 0)
                .set("kafka.journal.maxBytes", "512MB")
                .set("journal.sizeLimit", "640Mi")
                .set("kafka.topics[0]", "orders")
                .set("kafka.topicLimits.orders.bytesPerSecond", 1048576)
                .set("security.jwt.issuerUri", "https://login.example.com/realms/kafka")
                .render());
        // Kubernetes takes a surge beyond 100 %, and nothing unavailable beyond it
        assertThatNoException().isThrownBy(() -> Chart.template().set("pdb.maxUnavailable", "100%")
            .set("updateStrategy.rollingUpdate.maxSurge", "200%").render());
    }

    @Test
    void decimalsGivenWithSetAreAcceptedAsTheyRender() {
        // --set makes a string of 0.5 (only whole numbers become numbers), and values.yaml documents decimals
        Manifests manifests = Chart.template()
                .set("kafka.publishRetryIntervalSec", "0.5")
                .set("kafka.topics[0]", "orders")
                .set("kafka.topicLimits.orders.recordsPerSecond", "2.5")
                .set("kafka.topicLimits.orders.burst", 10)
                .set("sample.clientLimits.recordsPerSecond", "0.25")
                .render();
        assertThat(manifests.envValue("KAFKA_PUBLISH_RETRY_INTERVAL_SEC")).isEqualTo("0.5");
        assertThat(manifests.envValue("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND")).isEqualTo("2.5");
        assertThat(manifests.envValue("SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND")).isEqualTo("0.25");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "kafka.startupTimeout, 1", "kafka.startupTimeout, 500ms", "kafka.startupTimeout, PT10S",
            "kafka.journal.fsyncInterval, 1", "kafka.journal.fsyncInterval, 1ms", "kafka.journal.fsyncInterval, 1000us",
            "kafka.journal.fsyncInterval, 200MS", "kafka.journal.fsyncInterval, 1s", "kafka.journal.fsyncInterval, PT0.2S" })
    void durationsTheStarterAcceptsAreAccepted(String key, String value) {
        assertThatNoException().isThrownBy(() -> Chart.template().set(key, value).render());
    }

    @ParameterizedTest(name = "kafka.tls.reloadInterval={0}")
    @CsvSource({"100ms", "250ms", "1", "30s", "5m", "1h", "1d", "100000us", "100000000ns", "PT30S", "30S", "100MS", "pt30s"})
    void reloadIntervalsTheStarterAcceptsAreAccepted(String interval) {
        // the starter refuses less than 100ms at startup; the schema refuses it before the pod starts
        assertThatNoException().isThrownBy(() -> Chart.template().set("kafka.tls.reloadInterval", interval).render());
    }

    @ParameterizedTest(name = "{0}=null")
    @CsvSource(delimiter = '|', value = {
            "containerSecurityContext.allowPrivilegeEscalation | missing property 'allowPrivilegeEscalation'",
            "containerSecurityContext.capabilities | missing property 'capabilities'",
            "containerSecurityContext.capabilities.drop | missing property 'drop'",
            "containerSecurityContext | missing property 'containerSecurityContext'",
    })
    void aSettingTheRestrictedStandardNeedsCannotBeRemovedWithNull(String key, String expectedMessage) {
        // a null in --set or a values file deletes the chart's default, which the schema did not see as wrong
        assertThatThrownBy(() -> Chart.template().set(key, "null").render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void seccompAndNonRootMayBeLeftToThePodOrTheContainerButNotRemovedFromBoth() {
        assertThatNoException().isThrownBy(() -> Chart.template()
                .set("podSecurityContext.seccompProfile", "null")
                .set("containerSecurityContext.runAsNonRoot", "null")
                .render());
        assertThatThrownBy(() -> Chart.template()
                .set("podSecurityContext.seccompProfile", "null")
                .set("containerSecurityContext.seccompProfile", "null")
                .render())
                .hasMessageContaining("missing property 'seccompProfile'");
        assertThatThrownBy(() -> Chart.template()
                .set("podSecurityContext", "null")
                .set("containerSecurityContext.runAsNonRoot", "null")
                .render())
                .hasMessageContaining("missing property");
    }

    @Test
    void fsGroupAndTheUserMayBeLeftToAPlatformThatAssignsThem() {
        // OpenShift's restricted SCC refuses ids outside the namespace's range and assigns its own
        assertThatNoException().isThrownBy(() -> Chart.template()
                .set("podSecurityContext.fsGroup", "null")
                .set("podSecurityContext.runAsUser", "null")
                .set("podSecurityContext.runAsGroup", "null")
                .set("containerSecurityContext.runAsUser", "null")
                .set("containerSecurityContext.runAsGroup", "null")
                .render());
    }
}
