package dev.kafkapool.testsupport.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three brokers of the class's own (replication factor 3, {@code min.insync.replicas=2}), handed
 * to Spring Kafka as connection details: records published while a broker is down arrive. Restart,
 * freeze and resume are {@code BrokerFaultTests}'.
 */
@SpringBootTest(classes = KitTestApplication.class,
        properties = { "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
                "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.StringSerializer",
                "spring.kafka.producer.acks=all" })
@EmbeddedKafkaCluster(brokers = 3, scope = ClusterScope.CLASS, connection = ConnectionMode.CONNECTION_DETAILS,
        topics = @KafkaTopic(value = "kit-replicated", partitions = 3))
class ThreeBrokerClusterTests {

    private static KafkaCluster cluster;

    @Autowired
    private KafkaTemplate<String, String> template;

    @Autowired
    private KafkaConnectionDetails connectionDetails;

    @Test
    void recordsPublishedWithOneOfTheThreeBrokersKilledArriveExactlyOnce() throws Exception {
        assertThat(this.connectionDetails.getBootstrapServers()).hasSize(3);
        assertThat(cluster).isNotSameAs(KafkaCluster.shared());
        List<String> keys = new ArrayList<>();
        send("before-kill", keys);

        cluster.broker(2).kill();
        assertThat(cluster.broker(2).isRunning()).isFalse();
        send("while-killed", keys);

        assertThat(cluster.read("kit-replicated", keys.size(), Duration.ofSeconds(60)).compareKeys(keys).exactlyOnce())
            .isTrue();
    }

    private void send(String phase, List<String> keys) throws Exception {
        for (int i = 0; i < 5; i++) {
            String key = phase + "-" + i;
            this.template.send("kit-replicated", key, phase).get(60, TimeUnit.SECONDS);
            keys.add(key);
        }
    }

}
