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

/** PLAINTEXT on request: the application is told to use no TLS, and publishes in clear. */
@SpringBootTest(classes = KitTestApplication.class)
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
        assertThat(this.environment.getProperty("kafka.tls.client-ca")).isNull();
        assertThat(this.environment.getProperty("kafka.tls.client-key")).isNull();
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
