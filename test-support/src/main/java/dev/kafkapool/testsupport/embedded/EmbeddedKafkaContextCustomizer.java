package dev.kafkapool.testsupport.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.broker.KafkaPoolSettings;

/**
 * Before a test's application context refreshes: obtains the cluster, registers it as the bean
 * {@value #CLUSTER_BEAN}, and hands the application its connection, as the starter's
 * {@code kafka.*} properties (first in precedence, as {@code @DynamicPropertySource} would) or as
 * a {@code KafkaConnectionDetails} bean. Equal for equal specs, so Spring's context cache reuses
 * an application on a shared cluster and never one of another class's own cluster.
 */
final class EmbeddedKafkaContextCustomizer implements ContextCustomizer {

    static final String CLUSTER_BEAN = "embeddedKafkaCluster";

    static final String PROPERTY_SOURCE = "embeddedKafkaCluster";

    private final ClusterSpec spec;

    EmbeddedKafkaContextCustomizer(ClusterSpec spec) {
        this.spec = spec;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        KafkaCluster cluster = ClusterRegistry.obtain(this.spec);
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        // A singleton registered this way is never destroyed by the context: the cluster's life is the extension's.
        beanFactory.registerSingleton(CLUSTER_BEAN, cluster);
        if (this.spec.connection() == ConnectionMode.CONNECTION_DETAILS) {
            EmbeddedKafkaConnectionDetails.register(beanFactory, cluster);
        }
        else {
            Map<String, Object> properties = new LinkedHashMap<>(KafkaPoolSettings.of(cluster).properties());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedKafkaContextCustomizer customizer && this.spec.equals(customizer.spec);
    }

    @Override
    public int hashCode() {
        return this.spec.hashCode();
    }

}
