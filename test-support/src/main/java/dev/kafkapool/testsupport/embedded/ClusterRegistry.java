package dev.kafkapool.testsupport.embedded;

import java.util.HashMap;
import java.util.Map;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;

/**
 * The clusters {@link EmbeddedKafkaCluster} started: shared ones by shape, for the life of the JVM
 * (the one-broker mTLS shape is {@link KafkaCluster#shared()}), and a class's own by its owner
 * class until {@link #release}. The JUnit extension and the Spring context customizer both obtain
 * their cluster here, whichever comes first starting it.
 */
final class ClusterRegistry {

    private static final Map<Shape, KafkaCluster> SHARED = new HashMap<>();

    private static final Map<Class<?>, KafkaCluster> OWNED = new HashMap<>();

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
        KafkaCluster cluster;
        synchronized (ClusterRegistry.class) {
            cluster = OWNED.remove(owner);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The running cluster of {@code spec}, started on first use; its topics as they are. */
    static synchronized KafkaCluster running(ClusterSpec spec) {
        if (spec.owner() != null) {
            return OWNED.computeIfAbsent(spec.owner(), (owner) -> spec.start());
        }
        Shape shape = new Shape(spec.brokers(), spec.security(), spec.autoCreateTopics());
        if (shape.equals(Shape.DEFAULT)) {
            return KafkaCluster.shared();
        }
        return SHARED.computeIfAbsent(shape, (key) -> spec.start());
    }

    private record Shape(int brokers, ListenerSecurity security, boolean autoCreateTopics) {

        static final Shape DEFAULT = new Shape(1, ListenerSecurity.SSL, false);

    }

}
