package dev.kafkapool.testsupport.embedded;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kafkapool.testsupport.broker.ListenerSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which classes share a cluster (and so a Spring context), read from the annotation. No broker starts. */
class ClusterSpecTests {

    @Test
    void classesWithTheSameSharedClusterHaveEqualSpecsAndNoOwner() {
        ClusterSpec first = ClusterSpec.find(SharedOne.class).orElseThrow();
        ClusterSpec second = ClusterSpec.find(SharedTwo.class).orElseThrow();

        assertThat(first).isEqualTo(second);
        assertThat(first.owner()).isNull();
        assertThat(first.ownedBy(SharedOne.class)).isFalse();
        assertThat(first.topics()).containsExactly(new ClusterSpec.Topic("shared-topic", 2,
                Map.of("cleanup.policy", "compact", "retention.ms", "1000")));
    }

    @Test
    void eachSubclassOfAnAnnotatedBaseOwnsAClusterOfItsOwn() {
        ClusterSpec first = ClusterSpec.find(OwnSubclassOne.class).orElseThrow();
        ClusterSpec second = ClusterSpec.find(OwnSubclassTwo.class).orElseThrow();

        assertThat(first.owner()).isEqualTo(OwnSubclassOne.class);
        assertThat(second.owner()).isEqualTo(OwnSubclassTwo.class);
        assertThat(first).isNotEqualTo(second);
        assertThat(first.brokers()).isEqualTo(3);
        assertThat(first.security()).isEqualTo(ListenerSecurity.PLAINTEXT);
    }

    @Test
    void aNestedClassUsesItsEnclosingClassesCluster() {
        ClusterSpec nested = ClusterSpec.find(OwnBase.Inner.class).orElseThrow();

        assertThat(nested.owner()).isEqualTo(OwnBase.class);
        assertThat(nested.ownedBy(OwnBase.Inner.class)).isFalse();
    }

    @Test
    void aComposedAnnotationCarriesTheSpec() {
        ClusterSpec spec = ClusterSpec.find(Composed.class).orElseThrow();

        assertThat(spec.connection()).isEqualTo(ConnectionMode.CONNECTION_DETAILS);
        assertThat(spec.autoCreateTopics()).isTrue();
        assertThat(ClusterSpec.find(ClusterSpecTests.class)).isEmpty();
    }

    @Test
    void aTopicConfigThatIsNoNameValuePairOrABrokerCountOutsideOneToThreeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.find(BadConfig.class))
            .withMessageContaining("'compact' is not name=value");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.find(FourBrokers.class))
            .withMessageContaining("brokers must be 1 to 3, not 4");
        // before any broker starts, not as the broker's refusal ten seconds later
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterSpec.find(NoPartitions.class))
            .withMessageContaining("Topic none: partitions must be 1 or more, not 0");
    }

    @EmbeddedKafkaCluster(topics = @KafkaTopic(value = "none", partitions = 0))
    static class NoPartitions {

    }

    @EmbeddedKafkaCluster(topics = @KafkaTopic(value = "shared-topic", partitions = 2,
            configs = { "cleanup.policy=compact", "retention.ms = 1000" }))
    static class SharedOne {

    }

    @EmbeddedKafkaCluster(topics = @KafkaTopic(value = "shared-topic", partitions = 2,
            configs = { "cleanup.policy=compact", "retention.ms=1000" }))
    static class SharedTwo {

    }

    @EmbeddedKafkaCluster(brokers = 3, security = ListenerSecurity.PLAINTEXT, scope = ClusterScope.CLASS)
    abstract static class OwnBase {

        @Nested
        class Inner {

        }

    }

    static class OwnSubclassOne extends OwnBase {

    }

    static class OwnSubclassTwo extends OwnBase {

    }

    @Retention(RetentionPolicy.RUNTIME)
    @EmbeddedKafkaCluster(connection = ConnectionMode.CONNECTION_DETAILS, autoCreateTopics = true)
    @interface DetailsCluster {

    }

    @DetailsCluster
    static class Composed {

    }

    @EmbeddedKafkaCluster(topics = @KafkaTopic(value = "bad", configs = "compact"))
    static class BadConfig {

    }

    @EmbeddedKafkaCluster(brokers = 4)
    static class FourBrokers {

    }

}
