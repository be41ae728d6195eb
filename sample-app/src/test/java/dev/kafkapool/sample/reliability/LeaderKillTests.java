package dev.kafkapool.sample.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3: a three-broker cluster (replication factor 3, {@code min.insync.replicas=2}); the
 * leader of the busiest partition is killed under load. Nothing accepted is lost and nothing is
 * duplicated.
 */
@Tag("reliability")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kafka.topics=" + LeaderKillTests.TOPIC)
@EmbeddedKafkaCluster(brokers = 3, scope = ClusterScope.CLASS,
        topics = @KafkaTopic(value = LeaderKillTests.TOPIC, partitions = 3))
class LeaderKillTests {

    static final String TOPIC = "reliability-leader";

    private static KafkaCluster cluster;

    @LocalServerPort
    private int port;

    @Test
    void killingTheBusiestPartitionsLeaderLosesAndDuplicatesNothing() throws Exception {
        LoadGenerator load = new LoadGenerator(this.port, TOPIC, 20, 32);
        int[] killed = new int[1];
        Thread faults = new Thread(() -> {
            LoadGenerator.sleep(8_000);
            killed[0] = leaderOfBusiestPartition();
            cluster.broker(killed[0]).kill();
        });
        faults.start();
        load.run(50, Duration.ofSeconds(25));
        faults.join();

        KeyComparison consumed = cluster.read(TOPIC, load.accepted().size(), Duration.ofSeconds(120))
            .compareKeys(load.accepted());
        System.out.printf("[reliability] leader kill (broker %d of 3): sent=%d accepted=%d 202=%d 429=%d consumed=%s "
                + "p99(202)=%.1fms%n", killed[0], load.sentRecords(), load.accepted().size(), load.count(202),
                load.count(429), consumed, load.percentileMillis(99, 202));
        assertThat(load.answers()).allSatisfy((answer) -> assertThat(answer.status()).isIn(202, 429));
        assertThat(load.accepted()).isNotEmpty();
        assertThat(consumed.missing()).isZero();
        assertThat(consumed.duplicated()).isZero();
        assertThat(consumed.unexpected()).isZero();
    }

    private static int leaderOfBusiestPartition() {
        try (Admin admin = cluster.admin()) {
            TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(TOPIC);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            topic.partitions().forEach((p) -> latest.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
            var offsets = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            TopicPartitionInfo busiest = topic.partitions()
                .stream()
                .max(java.util.Comparator.comparingLong(
                        (p) -> offsets.get(new TopicPartition(TOPIC, p.partition())).offset()))
                .orElseThrow();
            return busiest.leader().id();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not find the leader", ex);
        }
    }

}
