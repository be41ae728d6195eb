package dev.kafkapool.sample.connection;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.sample.ApiClient;
import dev.kafkapool.sample.ApiResponse;
import dev.kafkapool.testsupport.broker.ConsumedRecord;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.embedded.ClusterScope;
import dev.kafkapool.testsupport.embedded.ConnectionMode;
import dev.kafkapool.testsupport.embedded.EmbeddedKafkaCluster;
import dev.kafkapool.testsupport.embedded.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on a Kafka service connection, on every build: the test kit gives the application
 * its mTLS cluster only as Spring Boot's {@link KafkaConnectionDetails} (what Testcontainers'
 * {@code @ServiceConnection} gives, see {@link TestcontainersServiceConnectionTests}), no
 * {@code KAFKA_*} setting. The pool, the fail-fast check, health and the sample's
 * {@code @KafkaListener} all connect through it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafkaCluster(scope = ClusterScope.CLASS, connection = ConnectionMode.CONNECTION_DETAILS,
        topics = @KafkaTopic(ServiceConnectionDetailsTests.TOPIC))
class ServiceConnectionDetailsTests {

    static final String TOPIC = "service-connection";

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private PoolConnection connection;

    @Autowired
    private KafkaCluster cluster;

    @Autowired
    private Environment environment;

    @Test
    void theSamplePublishesOverTheServiceConnectionsSslBundle() throws Exception {
        assertThat(this.environment.getProperty("kafka.brokers")).isNull();
        assertThat(this.connection.current().bootstrapServers()).isEqualTo(this.cluster.bootstrapServers());
        assertThat(this.connection.current().tls().securityProtocol()).isEqualTo("SSL");

        ApiResponse answer = new ApiClient(this.port).postJson("/api/v1/topics/" + TOPIC + "/records?wait=true",
                "{\"records\":[{\"key\":\"k-1\",\"value\":{\"via\":\"details\"}}]}");

        assertThat(answer.status()).isEqualTo(200);
        ConsumedRecord record = this.cluster.read(TOPIC, 1, Duration.ofSeconds(30)).withKey("k-1");
        assertThat(record.value()).isEqualTo("{\"via\":\"details\"}");
        assertThat(this.cluster.read(TOPIC, 1, Duration.ofSeconds(30)).compareKeys(List.of("k-1")).exactlyOnce())
            .isTrue();
        assertThat(new ApiClient(this.managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

}
