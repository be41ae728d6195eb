package dev.kafkapool.testsupport.embedded;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Closes the application context of a class that had a cluster of its own, after the class (listed
 * in {@code META-INF/spring.factories}). The application stops while its brokers still run, so its
 * Kafka clients shut down cleanly, and no cached context is left pointing at brokers that are gone.
 */
final class EmbeddedKafkaTestExecutionListener implements TestExecutionListener {

    @Override
    public void afterTestClass(TestContext testContext) {
        Class<?> testClass = testContext.getTestClass();
        boolean owned = ClusterSpec.find(testClass).map((spec) -> spec.ownedBy(testClass)).orElse(false);
        if (owned && testContext.hasApplicationContext()) {
            testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
        }
    }

}
