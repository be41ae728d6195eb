package dev.kafkapool.testsupport.broker;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.process.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The three-broker cluster and the PLAINTEXT variant. */
class ClusterVariantsTests {

    @Test
    void aBrokerWhosePortAnotherProcessTookFirstIsStartedAgainOnNewPorts() throws Exception {
        // a busy machine's outgoing connection took a broker's port between the pick and the bind: the start failed
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger picked = new AtomicInteger();
            KafkaCluster.portSource = () -> (picked.getAndIncrement() == 0) ? taken.getLocalPort() : FreePorts.next();
            try (KafkaCluster cluster = KafkaCluster.builder().start()) {
                assertThat(picked.get()).as("a second cluster's ports were picked").isGreaterThan(2);
                assertThat(cluster.bootstrapServers()).doesNotContain(":" + taken.getLocalPort());
                cluster.createTopic("fixture-port-taken", 1);
                TestProducer.send(cluster.clientProperties(), "fixture-port-taken", List.of("one"));
                assertThat(cluster.read("fixture-port-taken", 1, Duration.ofSeconds(30)).single().value())
                    .isEqualTo("one");
            }
            finally {
                KafkaCluster.portSource = FreePorts::next;
            }
        }
    }

    @Test
    void aPortDrawnTwiceInARowIsNotGivenToBothListenersOfABroker() {
        // a port is free again once the probe's socket closes: a user's broker got one port for both listeners
        // ("If you have two listeners on the same port then one needs to be IPv4 and the other IPv6") and its start
        // failed, with no retry
        int same = FreePorts.next();
        AtomicInteger picked = new AtomicInteger();
        KafkaCluster.portSource = () -> (picked.getAndIncrement() < 2) ? same : FreePorts.next();
        try (KafkaCluster cluster = KafkaCluster.builder().start()) {
            cluster.createTopic("fixture-port-twice", 1);
            TestProducer.send(cluster.clientProperties(), "fixture-port-twice", List.of("one"));
            assertThat(cluster.read("fixture-port-twice", 1, Duration.ofSeconds(30)).single().value()).isEqualTo("one");
        }
        finally {
            KafkaCluster.portSource = FreePorts::next;
        }
    }

    @Test
    void aPortTakenAtEveryAttemptFailsTheStartAfterThreeNamingTheCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger picked = new AtomicInteger();
            KafkaCluster.portSource = () -> (picked.getAndIncrement() % 2 == 0) ? taken.getLocalPort() : FreePorts.next();
            try {
                assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> KafkaCluster.builder().start())
                    .withMessageContaining("Address already in use");
                assertThat(picked.get()).as("three clusters' ports, two each").isEqualTo(6);
            }
            finally {
                KafkaCluster.portSource = FreePorts::next;
            }
        }
    }

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

            // all three down: restarted one at a time, the first waited for a quorum that could not form
            cluster.broker(1).kill();
            cluster.broker(3).kill();
            assertThat(cluster.restartStoppedBrokers()).containsExactly(1, 2, 3);
            TestProducer.send(cluster.clientProperties(), "fixture-replicated", List.of("three"));
            assertThat(cluster.consume("fixture-replicated", 3, Duration.ofSeconds(30)))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("one", "two", "three");
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
