package dev.kafkapool.testsupport.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default: the JVM's shared mTLS cluster, handed to the application as the starter's
 * {@code kafka.*} settings before the context starts, with the annotation's topics created.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafkaCluster(topics = { @KafkaTopic(value = "kit-properties", partitions = 2),
        @KafkaTopic(value = "kit-limited", configs = "max.message.bytes=2048") })
class KafkaPropertiesModeTests {

    @Autowired
    private ConfigurableEnvironment environment;

    @Autowired
    private KafkaCluster bean;

    private KafkaCluster field;

    @Test
    void theApplicationGetsTheStartersSettingsForTheSharedMtlsCluster() {
        KafkaCluster cluster = KafkaCluster.shared();

        assertThat(this.environment.getProperty("kafka.brokers")).isEqualTo(cluster.bootstrapServers());
        assertThat(this.environment.getProperty("kafka.tls.client-ca"))
            .isEqualTo(cluster.pki().caCertificate().toString());
        assertThat(this.environment.getProperty("kafka.tls.client-cert"))
            .isEqualTo(cluster.pki().client().certificate().toString());
        assertThat(this.environment.getProperty("kafka.tls.client-key"))
            .isEqualTo(cluster.pki().client().privateKey().toString());
        assertThat(this.environment.getProperty("kafka.tls.enabled")).isEqualTo("true");
        assertThat(this.environment.getProperty("kafka.tls.bundle")).isEmpty();
        assertThat(this.environment.getPropertySources().iterator().next().getName())
            .as("first in precedence").isEqualTo(EmbeddedKafkaContextCustomizer.PROPERTY_SOURCE);
    }

    @Test
    void asEnvironmentVariablesTheSettingsCarryTheNamesAnOperatorSets() {
        Map<String, String> variables = KafkaPoolSettings.of(this.field).environment();

        assertThat(variables).containsOnlyKeys("KAFKA_BROKERS", "KAFKA_TLS_ENABLED", "KAFKA_TLS_BUNDLE",
                "KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_CLIENT_CERT", "KAFKA_TLS_CLIENT_KEY");
        assertThat(variables.get("KAFKA_BROKERS")).isEqualTo(this.environment.getProperty("kafka.brokers"));
        assertThat(variables.get("KAFKA_TLS_CLIENT_KEY")).isEqualTo(this.environment.getProperty("kafka.tls.client-key"));
    }

    @Test
    void theClusterIsABeanAFieldAndAParameter(KafkaCluster parameter) {
        assertThat(this.bean).isSameAs(KafkaCluster.shared()).isSameAs(this.field).isSameAs(parameter);
    }

    @Test
    void aRecordPublishedWithThoseSettingsAloneIsReadBackWithItsHeaders() throws Exception {
        SettingsProducer.send(this.environment, "kit-properties", "order-1", "{\"total\":42}",
                Map.of("event-type", "OrderCreated"));

        ConsumedRecord record = this.field.read("kit-properties", 1, Duration.ofSeconds(30)).withKey("order-1");

        assertThat(record.value()).isEqualTo("{\"total\":42}");
        assertThat(record.header("event-type")).isEqualTo("OrderCreated");
        assertThat(record.topic()).isEqualTo("kit-properties");
    }

    @Test
    void theAnnotationsTopicsExistWithTheirPartitionsAndConfigs() throws Exception {
        try (Admin admin = this.field.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("kit-properties", "kit-limited"))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
            ConfigResource limited = new ConfigResource(ConfigResource.Type.TOPIC, "kit-limited");
            String maxMessageBytes = admin.describeConfigs(List.of(limited)).all().get(30, TimeUnit.SECONDS)
                .get(limited)
                .get("max.message.bytes")
                .value();

            assertThat(topics.get("kit-properties").partitions()).hasSize(2);
            assertThat(topics.get("kit-limited").partitions()).hasSize(1);
            assertThat(maxMessageBytes).isEqualTo("2048");
        }
    }

}
