package dev.kafkapool.testsupport.embedded;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A constructor Spring autowires, the usual style of a Spring test, may take the cluster beside its beans: both
 * extensions claimed the parameter, and JUnit failed the class ("multiple competing ParameterResolvers").
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafkaCluster(topics = @KafkaTopic("kit-autowired-constructor"))
class AutowiredConstructorTests {

    private final KafkaCluster cluster;

    private final Environment environment;

    @Autowired
    AutowiredConstructorTests(KafkaCluster cluster, Environment environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    @Test
    void theConstructorGetsTheClassesClusterFromSpring() {
        assertThat(this.cluster).isSameAs(KafkaCluster.shared());
        assertThat(this.environment.getProperty("kafka.brokers")).isEqualTo(this.cluster.bootstrapServers());
    }

    @Test
    void aTestMethodsParameterIsStillTheKitsToResolve(KafkaCluster parameter) {
        assertThat(parameter).isSameAs(this.cluster);
    }

}
