package dev.kafkapool.charts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What `helm install` prints afterwards: how to reach the app, and what is missing. */
class NotesTests {

    @Test
    void notesTellHowToReachTheApp() {
        String notes = Chart.template().values("strimzi").notes();

        assertThat(notes)
                .contains("kubectl -n " + Chart.NAMESPACE + " port-forward svc/" + Chart.FULLNAME + " 8080:8080")
                .contains("/api/v1/topics/<topic>/records")
                .doesNotContain("WARNING");
    }

    @Test
    void notesWarnWhenNoBrokersAreConfigured() {
        assertThat(Chart.template().notes()).contains("WARNING: kafka.brokers is empty");
    }

    @Test
    void notesWarnWhenTlsIsOnButNoSecretIsMounted() {
        assertThat(Chart.template().set("kafka.brokers", "kafka:9093").notes())
                .contains("WARNING: no TLS Secret is configured");
        assertThat(Chart.template().set("kafka.brokers", "kafka:9092").set("kafka.tls.enabled", false).notes())
                .doesNotContain("WARNING");
    }

    @Test
    void notesNameTheMountedTlsFilesAndTheirSecrets() {
        String notes = Chart.template().values("strimzi").notes();

        assertThat(notes)
                .contains("KAFKA_TLS_CLIENT_CERT=/etc/kafka-pool/tls/client.crt  (Secret sample-app-user, key user.crt)")
                .contains("KAFKA_TLS_CLIENT_CA=/etc/kafka-pool/tls/ca.crt  (Secret my-cluster-cluster-ca-cert, key ca.crt)");
    }

    @Test
    void notesSayWhenKafkaIsDisabledInsteadOfWarning() {
        String notes = Chart.template().set("kafka.enabled", false).notes();

        assertThat(notes).contains("Kafka is disabled").doesNotContain("WARNING");
    }
}
