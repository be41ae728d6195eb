package dev.kafkapool.testsupport.embedded;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestConstructor;

import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** Under {@code @TestConstructor(autowireMode = ALL)} every constructor parameter is Spring's, the cluster too. */
@SpringBootTest(classes = KitTestApplication.class)
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
@EmbeddedKafkaCluster(topics = @KafkaTopic("kit-autowire-all"))
class AutowireAllConstructorTests {

    private final KafkaCluster cluster;

    private final Environment environment;

    AutowireAllConstructorTests(KafkaCluster cluster, Environment environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    @Test
    void theConstructorGetsTheClassesClusterFromSpring() {
        assertThat(this.cluster).isSameAs(KafkaCluster.shared());
        assertThat(this.environment.getProperty("kafka.brokers")).isEqualTo(this.cluster.bootstrapServers());
    }

}
