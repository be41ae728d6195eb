package dev.kafkapool.testsupport.embedded;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.ListenerSecurity;

/**
 * What an {@link EmbeddedKafkaCluster} on a test class asks for. Two specs are equal when they
 * can share a cluster and an application context: a shared cluster has no owner; a class's own
 * cluster is owned by the class the annotation applies to.
 *
 * @param brokers number of brokers
 * @param security security of the client listener
 * @param autoCreateTopics whether unknown topics are created on first use
 * @param topics the topics to create
 * @param connection how a Spring context is told about the cluster
 * @param owner the class whose cluster it is, or {@code null} for a shared cluster
 */
record ClusterSpec(int brokers, ListenerSecurity security, boolean autoCreateTopics, List<Topic> topics,
        ConnectionMode connection, Class<?> owner) {

    /**
     * The spec of {@code testClass}: from its own annotation or a superclass's, else from the
     * nearest enclosing class's for a {@code @Nested} class. The owner of a class's own cluster is
     * the class the annotation was found for, so a nested class shares its enclosing class's
     * cluster, and each subclass of an annotated base class has its own.
     */
    static Optional<ClusterSpec> find(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = enclosingOf(type)) {
            EmbeddedKafkaCluster found = annotationOn(type, new HashSet<>());
            if (found != null) {
                return Optional.of(of(found, type));
            }
        }
        return Optional.empty();
    }

    private static ClusterSpec of(EmbeddedKafkaCluster annotation, Class<?> annotated) {
        if (annotation.brokers() < 1 || annotation.brokers() > 3) {
            throw new IllegalArgumentException("@EmbeddedKafkaCluster on " + annotated.getName()
                    + ": brokers must be 1 to 3, not " + annotation.brokers());
        }
        List<Topic> topics = Arrays.stream(annotation.topics()).map(Topic::of).toList();
        return new ClusterSpec(annotation.brokers(), annotation.security(), annotation.autoCreateTopics(), topics,
                annotation.connection(), (annotation.scope() == ClusterScope.CLASS) ? annotated : null);
    }

    /** Whether the cluster is the class's own, closed after it. */
    boolean ownedBy(Class<?> testClass) {
        return this.owner == testClass;
    }

    /** A new cluster of this shape, started. */
    KafkaCluster start() {
        return KafkaCluster.builder()
            .brokers(this.brokers)
            .security(this.security)
            .autoCreateTopics(this.autoCreateTopics)
            .start();
    }

    /** Creates the topics that do not exist yet. */
    void createTopics(KafkaCluster cluster) {
        this.topics.forEach((topic) -> cluster.ensureTopic(topic.name(), topic.partitions(), topic.configs()));
    }

    /**
     * The annotation on {@code element}, inherited from a superclass, or on an annotation that
     * carries it (a composed annotation). Plain reflection: Spring's customizer runs this for every
     * Spring test class, JUnit 4 and TestNG ones included, so it must not need JUnit Jupiter.
     */
    private static EmbeddedKafkaCluster annotationOn(AnnotatedElement element, Set<Class<?>> visited) {
        EmbeddedKafkaCluster direct = element.getAnnotation(EmbeddedKafkaCluster.class);
        if (direct != null) {
            return direct;
        }
        for (Annotation annotation : element.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (!type.getName().startsWith("java.lang.annotation.") && visited.add(type)) {
                EmbeddedKafkaCluster meta = annotationOn(type, visited);
                if (meta != null) {
                    return meta;
                }
            }
        }
        return null;
    }

    /** The class a {@code @Nested} (inner) class is in, or {@code null}: a static nested class stands alone. */
    static Class<?> enclosingOf(Class<?> type) {
        boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
        return inner ? type.getEnclosingClass() : null;
    }

    /**
     * A topic to create.
     *
     * @param name its name
     * @param partitions its partitions
     * @param configs its topic-level configurations
     */
    record Topic(String name, int partitions, Map<String, String> configs) {

        static Topic of(KafkaTopic topic) {
            if (topic.partitions() < 1) {
                throw new IllegalArgumentException("Topic " + topic.value() + ": partitions must be 1 or more, not "
                        + topic.partitions());
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (String config : topic.configs()) {
                int equals = config.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("Topic " + topic.value() + ": config '" + config
                            + "' is not name=value");
                }
                configs.put(config.substring(0, equals).trim(), config.substring(equals + 1).trim());
            }
            return new Topic(topic.value(), topic.partitions(), Map.copyOf(configs));
        }

    }

}
