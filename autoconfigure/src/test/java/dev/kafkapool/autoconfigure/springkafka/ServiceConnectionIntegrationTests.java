package dev.kafkapool.autoconfigure.springkafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ConnectionMode;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool on a Kafka service connection: the test kit publishes the cluster as Spring Boot's
 * {@code KafkaConnectionDetails} (as Testcontainers' {@code @ServiceConnection} does for a
 * container), no {@code KAFKA_BROKERS} is set, and the pool publishes over its mTLS SSL bundle.
 */
@SpringBootTest(classes = ServiceConnectionIntegrationTests.App.class)
@EmbeddedKafkaCluster(connection = ConnectionMode.CONNECTION_DETAILS, topics = @KafkaTopic("service-connection"))
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // closes the pool and its health check's admin client before the next test class
class ServiceConnectionIntegrationTests {

    @Autowired
    private KafkaPublisher publisher;

    @Autowired
    private PoolConnection connection;

    @Autowired
    private KafkaCluster cluster;

    @Autowired
    private Environment environment;

    @Test
    void withoutKafkaBrokersThePoolPublishesThroughTheServiceConnectionOverItsSslBundle() throws Exception {
        assertThat(this.environment.getProperty("kafka.brokers")).isNull();
        assertThat(this.connection.current().bootstrapServers()).isEqualTo(this.cluster.bootstrapServers());
        assertThat(this.connection.current().tls().securityProtocol()).isEqualTo("SSL");
        assertThat(this.connection.current().description()).contains("service connection");

        this.publisher.publish(KafkaMessage.builder("service-connection").key("k-1").value("via the details")
            .header("h", "v").build()).get(30, TimeUnit.SECONDS);

        ConsumedRecord record = this.cluster.read("service-connection", 1, Duration.ofSeconds(30)).withKey("k-1");
        assertThat(record.value()).isEqualTo("via the details");
        assertThat(record.header("h")).isEqualTo("v");
        assertThat(this.cluster.read("service-connection", 1, Duration.ofSeconds(30)).compareKeys(List.of("k-1"))
            .exactlyOnce()).isTrue();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

    }

}
