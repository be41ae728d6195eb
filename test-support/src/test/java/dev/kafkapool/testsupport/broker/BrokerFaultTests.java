package dev.kafkapool.testsupport.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Fault controls on a broker of its own: kill and restart, freeze and resume. */
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultTests {

    private static KafkaCluster cluster;

    @Test
    @Order(1)
    void aTestThatEndsWithItsBrokerFrozen() {
        cluster.broker(1).freeze();
        assertThat(cluster.broker(1).isFrozen()).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestFindsTheBrokerResumedByTheKit() throws Exception {
        assertThat(cluster.broker(1).isFrozen()).isFalse();
        MutualTlsBrokerTests.describeCluster(cluster.clientProperties());
    }

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
    void aBrokerThatDoesNotStartInTimeIsKilledAndTheFailureSaysSo() {
        // the child of a restart that timed out came up a minute later and served clients while its
        // caller had been told it did not start (g52a)
        KafkaBroker broker = cluster.broker(1);
        broker.stop();
        broker.relaunch();
        assertThatIllegalStateException().isThrownBy(() -> broker.awaitStarted(Duration.ofMillis(1)))
            .withMessageContaining("did not start within PT0.001S and was killed")
            .withMessageContaining("-D" + KafkaCluster.START_TIMEOUT_PROPERTY + "=180");
        assertThat(broker.isRunning()).isFalse();
        broker.restart();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void brokersRestartedTogetherAreAllKilledWhenOneDoesNotStartInTime() {
        // the others were launched with the one that timed out, and came up later than the caller was told
        try (KafkaCluster pair = KafkaCluster.builder().brokers(2).start()) {
            pair.brokers().forEach(KafkaBroker::stop);
            String before = System.getProperty(KafkaCluster.START_TIMEOUT_PROPERTY);
            System.setProperty(KafkaCluster.START_TIMEOUT_PROPERTY, "1ms");
            try {
                assertThatIllegalStateException().isThrownBy(pair::restartStoppedBrokers)
                    .withMessageContaining("and was killed");
            }
            finally {
                if (before == null) {
                    System.clearProperty(KafkaCluster.START_TIMEOUT_PROPERTY);
                }
                else {
                    System.setProperty(KafkaCluster.START_TIMEOUT_PROPERTY, before);
                }
            }
            assertThat(pair.brokers()).noneMatch(KafkaBroker::isRunning);
        }
    }

    @Test
    void theStartTimeoutIsTakenInSecondsOrAsADuration() {
        assertThat(KafkaCluster.startTimeout(null)).isEqualTo(Duration.ofSeconds(120));
        assertThat(KafkaCluster.startTimeout(" ")).isEqualTo(Duration.ofSeconds(120));
        assertThat(KafkaCluster.startTimeout("180")).isEqualTo(Duration.ofSeconds(180));
        assertThat(KafkaCluster.startTimeout("180s")).isEqualTo(Duration.ofSeconds(180));
        assertThat(KafkaCluster.startTimeout("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(KafkaCluster.startTimeout("PT3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(KafkaCluster.startTimeout("90000ms")).isEqualTo(Duration.ofSeconds(90));
        assertThat(KafkaCluster.startTimeout("1h")).isEqualTo(Duration.ofHours(1));
        // refused where it is used, each time, not once in a class initializer that breaks every later use (g52r)
        assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.startTimeout("soon"))
            .withMessageContaining("-D" + KafkaCluster.START_TIMEOUT_PROPERTY + "=soon is not a duration");
        for (String none : new String[] { "0", "-5", "PT0S" }) {
            assertThatIllegalArgumentException().as(none).isThrownBy(() -> KafkaCluster.startTimeout(none))
                .withMessageContaining("leaves a broker no time to start");
        }
    }

    @Test
    void aCtrlCOfTheTerminalIsLeftToTheJvmThatStartedTheBroker() throws Exception {
        // a terminal's Ctrl-C reaches the whole foreground group: the demo's broker went at once, and the app it served
        // could not deliver what it had accepted while it stopped
        KafkaBroker broker = cluster.broker(1);
        long pid = broker.pid();
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor()).isZero();
        Thread.sleep(2000);
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.pid()).isEqualTo(pid);
        cluster.createTopic("fixture-ctrl-c", 1);
        TestProducer.send(cluster.clientProperties(), "fixture-ctrl-c", List.of("after-ctrl-c"));
        assertThat(cluster.consume("fixture-ctrl-c", 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly("after-ctrl-c");
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

    @Test
    void aBrokerLeftFrozenIsResumedWhenTheKitIsAskedAndOnlyThatOne() throws Exception {
        KafkaBroker broker = cluster.broker(1);
        assertThat(cluster.resumeFrozenBrokers()).isZero();
        broker.freeze();
        assertThat(broker.isFrozen()).isTrue();
        // what the extension does after each test: one that failed before resume() leaves no hung broker
        assertThat(cluster.resumeFrozenBrokers()).isEqualTo(1);
        assertThat(broker.isFrozen()).isFalse();
        MutualTlsBrokerTests.describeCluster(cluster.clientProperties());
    }

    @Test
    void aBrokerOrATopicTheClusterDoesNotHaveIsNamedAsSuch() {
        assertThatIllegalArgumentException().isThrownBy(() -> cluster.broker(2))
            .withMessageContaining("There is no broker 2: the cluster has 1 broker(s)");
        assertThatIllegalArgumentException().isThrownBy(() -> cluster.read("never-declared", 1, Duration.ofSeconds(5)))
            .withMessageContaining("Topic 'never-declared' does not exist")
            .withMessageContaining("@KafkaTopic(\"never-declared\")");
    }

    @Test
    void aTopicThatCannotBeCreatedIsReportedWithTheBrokersReason() {
        // "Could not create topic bad name!" said nothing of why
        assertThatIllegalStateException().isThrownBy(() -> cluster.createTopic("bad name!", 1))
            .withMessageStartingWith("Could not create topic bad name!: ")
            .withMessageContaining("Topic name is invalid");
        cluster.createTopic("created-twice", 1);
        assertThatIllegalStateException().isThrownBy(() -> cluster.createTopic("created-twice", 1))
            .withMessageContaining("already exists")
            .withMessageContaining("ensureTopic keeps an existing one");
    }

    @Test
    void aReadWhileTheBrokerIsStoppedReturnsWhatArrivedWhenItsTimeIsUp() {
        // partitionsFor waited 30 s whatever the caller's timeout, and threw
        KafkaBroker broker = cluster.broker(1);
        cluster.createTopic("read-while-stopped", 1);
        broker.stop();
        try {
            long start = System.nanoTime();
            ConsumedRecords read = cluster.read("read-while-stopped", 1, Duration.ofSeconds(2));
            assertThat(read.size()).isZero();
            // the caller's 2 s, raised to the 10 s the cluster always gets to answer (it was 30 s, then a throw)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        }
        finally {
            broker.restart();
        }
    }

    @Test
    void aTopicDeclaredAgainOtherwiseIsKeptAndTheDifferenceIsLogged() {
        cluster.ensureTopic("declared-twice", 1, java.util.Map.of());
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            cluster.ensureTopic("declared-twice", 2, java.util.Map.of("max.message.bytes", "2048"));
            cluster.ensureTopic("declared-twice", 1, java.util.Map.of());
        }
        finally {
            System.setErr(stderr);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("Topic declared-twice exists and is kept as it is: partitions 1, declared 2; "
                + "max.message.bytes=1048588, declared 2048");
        assertThat(log.lines().filter((line) -> line.contains("declared-twice"))).as("the same declaration again: quiet")
            .hasSize(1);
    }

}
