package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The three-broker cluster and the PLAINTEXT variant. */
class ClusterVariantsTests {

    @Test
    void threeBrokerClusterReplicatesToAllAndKeepsServingWithOneBrokerDown() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.builder().brokers(3).start()) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            cluster.createTopic("fixture-replicated", 2);
            try (Admin admin = cluster.admin()) {
                TopicDescription topic = admin.describeTopics(List.of("fixture-replicated"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("fixture-replicated");
                assertThat(topic.partitions()).allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "fixture-replicated");
                assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get("min.insync.replicas")
                    .value()).isEqualTo("2");
            }

            cluster.broker(2).kill();
            TestProducer.send(cluster.clientProperties(), "fixture-replicated", List.of("one", "two"));

            assertThat(cluster.consume("fixture-replicated", 2, Duration.ofSeconds(30)))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("one", "two");
        }
    }

    @Test
    void plaintextVariantServesPlainClientsAndTlsClientsGetNoAnswer() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.builder().security(ListenerSecurity.PLAINTEXT).start()) {
            cluster.createTopic("fixture-plaintext", 1);
            TestProducer.send(cluster.clientProperties(), "fixture-plaintext", List.of("clear"));
            assertThat(cluster.consume("fixture-plaintext", 1, Duration.ofSeconds(30)))
                .extracting(ConsumerRecord::value)
                .containsExactly("clear");

            Map<String, Object> tls = KafkaCluster.shared().clientProperties();
            tls.put("bootstrap.servers", cluster.bootstrapServers());
            assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> MutualTlsBrokerTests.describeCluster(tls))
                .withCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

}
