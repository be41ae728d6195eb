package dev.kafkapool.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.PublisherConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults are the fields of {@link KafkaPoolProperties} (what the configuration metadata
 * shows); the core's builder, for applications without Spring, starts from the same values.
 */
class KafkaPoolPropertiesDefaultsTests {

    @Test
    void thePropertiesAndThePlainJavaBuilderStartFromTheSameDefaults() {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        PublisherConfig config = PublisherConfig.builder().build();

        assertThat(properties.getLogLabel()).isEqualTo(config.label());
        assertThat(properties.isEnabled()).isEqualTo(config.enabled());
        assertThat(properties.getNumThreads()).isEqualTo(config.workers());
        assertThat(properties.isSharedProducer()).isEqualTo(config.sharedProducer());
        assertThat(properties.getQueueCapacity()).isEqualTo(config.queueCapacity());
        assertThat(properties.getQueueMaxBytes().toBytes()).isEqualTo(config.queueMaxBytes());
        assertThat(properties.getPublishRetryInterval()).isEqualTo(config.retryInterval());
        assertThat(properties.getShutdownTimeout()).isEqualTo(config.shutdownTimeout());
        assertThat(properties.getMissingTopicTimeout()).isEqualTo(config.missingTopicTimeout());
        assertThat(properties.getTopics()).isEqualTo(config.allowedTopics().stream().toList());
        assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theAllowListIsEveryTopicOnceTrimmedInOrderWithoutBlankEntries() {
        KafkaPoolProperties properties = new KafkaPoolProperties();
        properties.setTopics(java.util.List.of(" orders", "", "audit ", "orders", "  ", "payments"));

        assertThat(properties.determineTopics()).containsExactly("orders", "audit", "payments");
        assertThat(new KafkaPoolProperties().determineTopics()).isEmpty();
    }

}
