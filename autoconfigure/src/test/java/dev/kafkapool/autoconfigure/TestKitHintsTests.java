package dev.kafkapool.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Startup reports name the test kit's annotation only where the kit is on the class path. */
class TestKitHintsTests {

    @Test
    void withoutTheKitTheReportsSayNothingOfIt() {
        assertThat(TestKitHints.brokers(false)).isEmpty();
        assertThat(TestKitHints.topic(false, "orders")).isEmpty();
    }

    @Test
    void withTheKitTheyNameTheAnnotationThatFixesTheStart() {
        assertThat(TestKitHints.present()).as("kafka-pool-test is a test dependency of this module").isTrue();
        assertThat(TestKitHints.brokers(true)).contains("@EmbeddedKafkaCluster").contains("KAFKA_BROKERS");
        assertThat(TestKitHints.topic(true, "orders")).contains("@KafkaTopic(\"orders\")");
    }

}
