package dev.kafkapool.testsupport.embedded;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Spring's hook for {@link EmbeddedKafkaCluster} on a Spring test class (listed in
 * {@code META-INF/spring.factories}): a customizer for the classes that carry the annotation.
 */
final class EmbeddedKafkaContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return ClusterSpec.find(testClass).map(EmbeddedKafkaContextCustomizer::new).orElse(null);
    }

}
