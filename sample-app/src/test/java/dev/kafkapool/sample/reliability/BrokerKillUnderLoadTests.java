package dev.kafkapool.sample.reliability;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KeyComparison;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1: 2,000 records/s for 30 s through the sample app (100 requests/s of 20 records);
 * the broker is killed (SIGKILL) for 10 s in the middle. Every record that got a 202 is consumed
 * exactly once, and nothing else arrives.
 */
@Tag("reliability")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kafka.topics=" + BrokerKillUnderLoadTests.TOPIC)
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS,
        topics = @KafkaTopic(value = BrokerKillUnderLoadTests.TOPIC, partitions = 3))
class BrokerKillUnderLoadTests {

    static final String TOPIC = "reliability-kill";

    private static KafkaCluster cluster;

    @LocalServerPort
    private int port;

    @Test
    void everyAcceptedRecordIsConsumedExactlyOnceAcrossATenSecondKill() throws Exception {
        LoadGenerator load = new LoadGenerator(this.port, TOPIC, 20, 32);
        KafkaBroker broker = cluster.broker(1);
        Thread faults = new Thread(() -> {
            LoadGenerator.sleep(10_000);
            broker.kill();
            LoadGenerator.sleep(10_000);
            broker.restart();
        });
        faults.start();
        load.run(100, Duration.ofSeconds(30));
        faults.join();

        KeyComparison consumed = cluster.read(TOPIC, load.accepted().size(), Duration.ofSeconds(120))
            .compareKeys(load.accepted());
        System.out.printf("[reliability] kill 10s: sent=%d accepted=%d 202=%d 429=%d 5xx/failed=%d consumed=%s "
                + "p99(202)=%.1fms%n", load.sentRecords(), load.accepted().size(), load.count(202), load.count(429),
                load.answers().stream().filter((a) -> a.status() >= 500 || a.status() < 0).count(), consumed,
                load.percentileMillis(99, 202));
        System.out.println("[reliability] kill 10s timeline (second:requests/max ms): " + load.timeline());
        assertThat(load.answers()).allSatisfy((answer) -> assertThat(answer.status()).isIn(202, 429));
        assertThat(load.accepted()).hasSizeGreaterThan(50_000);
        assertThat(consumed.missing()).as("accepted but never consumed").isZero();
        assertThat(consumed.duplicated()).as("consumed more than once").isZero();
        assertThat(consumed.unexpected()).as("consumed but never accepted").isZero();
    }

}
