package dev.kafkapool.testsupport.embedded;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;

/**
 * The clusters {@link EmbeddedKafkaCluster} started: shared ones by shape, for the life of the JVM
 * (the one-broker mTLS shape is {@link KafkaCluster#shared()}), and a class's own by its owner
 * class until {@link #release}. The JUnit extension and the Spring context customizer both obtain
 * their cluster here, whichever comes first starting it.
 */
final class ClusterRegistry {

    /** By shape (shared clusters) or by owner class; each slot starts its cluster under its own lock. */
    private static final ConcurrentMap<Object, Slot> CLUSTERS = new ConcurrentHashMap<>();

    private ClusterRegistry() {
    }

    /** The running cluster of {@code spec}, started on first use, with its topics created. */
    static KafkaCluster obtain(ClusterSpec spec) {
        KafkaCluster cluster = running(spec);
        spec.createTopics(cluster);
        return cluster;
    }

    /** Closes the cluster {@code owner} owns, if it was started. */
    static void release(Class<?> owner) {
        Slot slot = CLUSTERS.remove(owner);
        KafkaCluster cluster = (slot != null) ? slot.started() : null;
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The running cluster of {@code spec}, started on first use; its topics as they are. Test
     * classes run in parallel start their clusters at once: only users of the same cluster wait
     * for its start.
     */
    static KafkaCluster running(ClusterSpec spec) {
        if (spec.owner() != null) {
            return CLUSTERS.computeIfAbsent(spec.owner(), (owner) -> new Slot()).get(spec);
        }
        Shape shape = new Shape(spec.brokers(), spec.security(), spec.autoCreateTopics());
        if (shape.equals(Shape.DEFAULT)) {
            return KafkaCluster.shared();
        }
        return CLUSTERS.computeIfAbsent(shape, (key) -> new Slot()).get(spec);
    }

    /** One cluster, started by the first caller that needs it; a start that fails is tried again by the next. */
    private static final class Slot {

        private KafkaCluster cluster;

        synchronized KafkaCluster get(ClusterSpec spec) {
            if (this.cluster == null) {
                this.cluster = spec.start();
            }
            return this.cluster;
        }

        synchronized KafkaCluster started() {
            return this.cluster;
        }

    }

    private record Shape(int brokers, ListenerSecurity security, boolean autoCreateTopics) {

        static final Shape DEFAULT = new Shape(1, ListenerSecurity.SSL, false);

    }

}
