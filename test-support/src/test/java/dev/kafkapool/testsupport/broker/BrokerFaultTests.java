package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Fault controls on a broker of its own: kill and restart, freeze and resume. */
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
class BrokerFaultTests {

    private static KafkaCluster cluster;

    @Test
    void dataSurvivesAKillAndARestartOnTheSamePortAndLogDirectory() {
        KafkaBroker broker = cluster.broker(1);
        cluster.createTopic("fixture-restart", 1);
        TestProducer.send(cluster.clientProperties(), "fixture-restart", List.of("before-kill"));
        long pidBefore = broker.pid();

        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();

        assertThat(broker.pid()).isNotEqualTo(pidBefore);
        assertThat(cluster.bootstrapServers()).isEqualTo("localhost:" + broker.port());
        TestProducer.send(cluster.clientProperties(), "fixture-restart", List.of("after-restart"));
        assertThat(cluster.consume("fixture-restart", 2, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly("before-kill", "after-restart");
    }

    @Test
    void gracefulStopAndRestartKeepsData() {
        KafkaBroker broker = cluster.broker(1);
        cluster.createTopic("fixture-stop", 1);
        TestProducer.send(cluster.clientProperties(), "fixture-stop", List.of("before-stop"));

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();

        assertThat(cluster.consume("fixture-stop", 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly("before-stop");
    }

    @Test
    void frozenBrokerTimesOutAClientAndServesItAgainAfterResume() throws Exception {
        KafkaBroker broker = cluster.broker(1);
        broker.freeze();
        try {
            assertThat(broker.isRunning()).isTrue();
            assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> MutualTlsBrokerTests.describeCluster(cluster.clientProperties()))
                .withCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        finally {
            broker.resume();
        }
        MutualTlsBrokerTests.describeCluster(cluster.clientProperties());
    }

}
