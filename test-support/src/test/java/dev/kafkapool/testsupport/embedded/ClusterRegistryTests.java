package dev.kafkapool.testsupport.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** Test classes run in parallel do not wait for each other's clusters. */
class ClusterRegistryTests {

    @Test
    void anotherClassesClusterStartingDoesNotHoldThisClassesRelease() throws Exception {
        // one lock held across every start: a class's afterEach waited for another class's cluster to start
        ClusterSpec starting = ClusterSpec.find(Starting.class).orElseThrow();
        CompletableFuture<KafkaCluster> start = CompletableFuture.supplyAsync(() -> ClusterRegistry.running(starting));
        try {
            Thread.sleep(500); // a cluster takes seconds to start: this one is starting now
            ClusterRegistry.release(Idle.class);
            assertThat(start).as("released while the other class's cluster was still starting").isNotDone();
            assertThat(start.get(120, TimeUnit.SECONDS).bootstrapServers()).isNotBlank();
            assertThat(ClusterRegistry.running(starting)).isSameAs(start.get());
        }
        finally {
            start.get(120, TimeUnit.SECONDS);
            ClusterRegistry.release(Starting.class);
        }
    }

    @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
    static final class Starting {

    }

    @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)
    static final class Idle {

    }

}
