package dev.kafkapool.testsupport.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.broker.ListenerSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PLAINTEXT on request: the application is told to use no TLS, and publishes in clear, whatever its own
 * configuration names for production.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = { "kafka.tls.bundle=production",
        "kafka.tls.client-ca=/etc/kafka/ca.pem", "kafka.tls.client-cert=/etc/kafka/tls.crt",
        "kafka.tls.client-key=/etc/kafka/tls.key" })
@EmbeddedKafkaCluster(security = ListenerSecurity.PLAINTEXT, topics = @KafkaTopic("kit-plaintext"))
class PlaintextClusterTests {

    @Autowired
    private Environment environment;

    @Test
    void theApplicationIsToldToUseNoTlsAndNoCertificateFiles(KafkaCluster cluster) {
        assertThat(cluster.security()).isEqualTo(ListenerSecurity.PLAINTEXT);
        assertThat(cluster).isNotSameAs(KafkaCluster.shared());
        assertThat(this.environment.getProperty("kafka.brokers")).isEqualTo(cluster.bootstrapServers());
        assertThat(this.environment.getProperty("kafka.tls.enabled")).isEqualTo("false");
        // over the application's own: the starter would report them as set and not used
        assertThat(this.environment.getProperty("kafka.tls.bundle")).isEmpty();
        assertThat(this.environment.getProperty("kafka.tls.client-ca")).isEmpty();
        assertThat(this.environment.getProperty("kafka.tls.client-cert")).isEmpty();
        assertThat(this.environment.getProperty("kafka.tls.client-key")).isEmpty();
    }

    @Test
    void recordsPublishedInClearAreReadBackOnceEach(KafkaCluster cluster) throws Exception {
        for (String key : List.of("a", "b", "c")) {
            SettingsProducer.send(this.environment, "kit-plaintext", key, "clear-" + key, Map.of());
        }

        KeyComparison comparison = cluster.read("kit-plaintext", 3, Duration.ofSeconds(30))
            .compareKeys(List.of("a", "b", "c", "d"));

        assertThat(comparison).isEqualTo(new KeyComparison(3, 3, 0, 0, 1));
        assertThat(comparison.exactlyOnce()).isFalse();
    }

}
