package dev.kafkapool.testsupport.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.testsupport.broker.KafkaCluster;

/**
 * The JUnit Jupiter side of {@link EmbeddedKafkaCluster}: obtains the class's cluster before its
 * tests, sets it into fields and resolves it as a parameter, resumes brokers a test left frozen
 * after each test (and starts again a shared cluster's brokers a test stopped), and closes a class's own cluster when
 * the class's extension context closes, which is after every {@code afterAll} callback (Spring's,
 * which closes the class's application context, included).
 */
final class EmbeddedKafkaClusterExtension
        implements BeforeAllCallback, AfterEachCallback, TestInstancePostProcessor, ParameterResolver {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaClusterExtension.class);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(EmbeddedKafkaClusterExtension.class);

    private static final String AUTOWIRED = "org.springframework.beans.factory.annotation.Autowired";

    /** Whether spring-test (an optional dependency of the kit) is on the class path. */
    private static final boolean SPRING_TEST = isPresent("org.springframework.test.context.support.TestConstructorUtils");

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ClusterSpec spec = spec(testClass);
        KafkaCluster cluster = clusterOf(testClass, context);
        if (spec.ownedBy(testClass)) {
            context.getStore(NAMESPACE).put(testClass, new Release(testClass));
        }
        inject(testClass, null, cluster);
    }

    /** JUnit's switch for parallel execution: with it, a method reports SAME_THREAD while its class runs beside others. */
    private static final String PARALLEL_ENABLED = "junit.jupiter.execution.parallel.enabled";

    /**
     * Resumes the brokers a test froze and did not resume (it failed between the two, say): a hung
     * broker would hold the next test, and the application's shutdown would wait for it. With JUnit's
     * parallel execution on (tests or classes run concurrently), a test resumes only the brokers its own
     * thread froze: another test may still hold one frozen. On a shared cluster, a broker the test
     * stopped or killed is started again (in parallel runs, one its own thread stopped).
     */
    @Override
    public void afterEach(ExtensionContext context) {
        ClusterSpec spec = spec(context.getRequiredTestClass());
        KafkaCluster cluster = ClusterRegistry.running(spec);
        boolean parallel = context.getConfigurationParameter(PARALLEL_ENABLED).map(Boolean::parseBoolean).orElse(false);
        int resumed = parallel ? cluster.resumeBrokersFrozenBy(Thread.currentThread()) : cluster.resumeFrozenBrokers();
        if (spec.owner() == null) {
            if (resumed > 0) {
                // as for a broker stopped: the README promises the WARN for both
                logger.warn("{} broker(s) of the shared embedded Kafka cluster were left frozen by {} and are resumed "
                        + "for the tests after it. {}", resumed, testName(context), OWN_CLUSTER);
            }
            startAgainWhatATestStopped(cluster, context, parallel);
        }
    }

    /** What a test that injects faults into brokers should use instead of the shared cluster. */
    private static final String OWN_CLUSTER = "A test that stops, kills or freezes brokers should have a cluster of its "
            + "own: @EmbeddedKafkaCluster(scope = ClusterScope.CLASS)";

    private static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getName() + "#"
                + context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?");
    }

    /**
     * A shared cluster's broker that a test stopped or killed (against the rule of
     * {@link ClusterScope#SHARED}) would fail the next class on it with a timeout that names nothing:
     * it is started again, and the WARN names the test and the fix.
     */
    private static void startAgainWhatATestStopped(KafkaCluster cluster, ExtensionContext context, boolean parallel) {
        // with tests running concurrently, only what this test's own thread stopped: another may have just stopped one
        List<Integer> restarted = parallel ? cluster.restartBrokersStoppedBy(Thread.currentThread())
                : cluster.restartStoppedBrokers();
        if (!restarted.isEmpty()) {
            logger.warn("Broker(s) {} of the shared embedded Kafka cluster were stopped by {} and are started again "
                    + "for the tests after it. {}", restarted, testName(context), OWN_CLUSTER);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Class<?> testClass = testInstance.getClass();
        inject(testClass, testInstance, clusterOf(testClass, context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() != KafkaCluster.class) {
            return false;
        }
        // A parameter Spring resolves is Spring's (the cluster is a bean there too): JUnit fails a parameter
        // that two extensions claim.
        boolean autowired = Arrays.stream(parameterContext.getParameter().getAnnotations())
            .anyMatch((annotation) -> annotation.annotationType().getName().equals(AUTOWIRED));
        return !autowired && !(SPRING_TEST && SpringTestParameters.resolvedBySpring(parameterContext, extensionContext));
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return clusterOf(extensionContext.getRequiredTestClass(), extensionContext);
    }

    /**
     * The cluster of {@code testClass}, with the topics it declares created once for the class: each creation asks
     * the brokers through an admin client of its own, and creating them for every test instance and parameter made
     * dozens for a class of a few tests, each logging its whole configuration.
     */
    @SuppressWarnings("deprecation") // computeIfAbsent is JUnit 6's: the kit runs with JUnit 5 too
    private static KafkaCluster clusterOf(Class<?> testClass, ExtensionContext context) {
        ClusterSpec spec = spec(testClass);
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(new TopicsOf(testClass), (key) -> {
            ClusterRegistry.obtain(spec);
            return Boolean.TRUE;
        });
        return ClusterRegistry.running(spec);
    }

    /** The key under which a test class's topics are known to be created. */
    private record TopicsOf(Class<?> testClass) {
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, EmbeddedKafkaClusterExtension.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    private static ClusterSpec spec(Class<?> testClass) {
        return ClusterSpec.find(testClass)
            .orElseThrow(() -> new IllegalStateException(testClass.getName() + " has no @EmbeddedKafkaCluster"));
    }

    /** Sets {@code cluster} into the static fields ({@code instance} null) or instance fields of type KafkaCluster. */
    private static void inject(Class<?> testClass, Object instance, KafkaCluster cluster) {
        boolean statics = instance == null;
        ReflectionSupport.findFields(testClass, (field) -> field.getType() == KafkaCluster.class
                && Modifier.isStatic(field.getModifiers()) == statics && !Modifier.isFinal(field.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN)
            .forEach((field) -> set(field, instance, cluster));
    }

    private static void set(Field field, Object instance, KafkaCluster cluster) {
        try {
            field.setAccessible(true);
            field.set(instance, cluster);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("Could not set " + field, ex);
        }
    }

    /** Closes the class's own cluster when JUnit closes the class's store. */
    private record Release(Class<?> owner) implements AutoCloseable {

        @Override
        public void close() {
            ClusterRegistry.release(this.owner);
        }

    }

}
