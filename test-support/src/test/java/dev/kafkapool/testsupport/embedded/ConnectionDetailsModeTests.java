package dev.kafkapool.testsupport.embedded;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionMode#CONNECTION_DETAILS}: Spring Boot's {@link KafkaConnectionDetails} of the
 * mTLS cluster, which Spring Kafka's {@link KafkaTemplate} publishes with; no {@code kafka.*}
 * setting is added.
 */
@SpringBootTest(classes = KitTestApplication.class,
        properties = { "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
                "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.StringSerializer" })
@EmbeddedKafkaCluster(connection = ConnectionMode.CONNECTION_DETAILS, topics = @KafkaTopic("kit-details"))
class ConnectionDetailsModeTests {

    @Autowired
    private KafkaConnectionDetails connectionDetails;

    @Autowired
    private KafkaTemplate<String, String> template;

    @Autowired
    private Environment environment;

    @Autowired
    private KafkaCluster cluster;

    @Test
    void theConnectionDetailsNameTheBrokersTheProtocolAndAnSslBundleOfTheGeneratedPki() throws Exception {
        assertThat(this.connectionDetails).isInstanceOf(EmbeddedKafkaConnectionDetails.class);
        assertThat(this.connectionDetails.getBootstrapServers())
            .containsExactly(this.cluster.bootstrapServers().split(","));
        assertThat(this.connectionDetails.getSecurityProtocol()).isEqualTo("SSL");
        assertThat(this.connectionDetails.getSslBundle().getStores().getKeyStore().size()).isEqualTo(1);
        assertThat(this.connectionDetails.getSslBundle().getStores().getTrustStore().size()).isEqualTo(1);
        assertThat(this.environment.getProperty("kafka.brokers")).isNull();
    }

    @Test
    void aKafkaTemplateBuiltFromTheConnectionDetailsPublishesOverMtls() throws Exception {
        ProducerRecord<String, String> sent = new ProducerRecord<>("kit-details", "k-1", "through the template");
        sent.headers().add("source", "template".getBytes());

        this.template.send(sent).get(30, TimeUnit.SECONDS);

        ConsumedRecord record = this.cluster.read("kit-details", 1, Duration.ofSeconds(30)).withKey("k-1");
        assertThat(record.value()).isEqualTo("through the template");
        assertThat(record.header("source")).isEqualTo("template");
        assertThat(this.cluster.read("kit-details", 1, Duration.ofSeconds(30)).compareKeys(List.of("k-1"))
            .exactlyOnce()).isTrue();
    }

}
