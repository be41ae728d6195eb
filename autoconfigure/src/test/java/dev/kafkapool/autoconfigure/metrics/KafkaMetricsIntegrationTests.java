package dev.kafkapool.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What Prometheus scrapes after real publishing, under the documented names. */
class KafkaMetricsIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void prometheusShowsTheExactCountsUnderTheDocumentedNames() {
        cluster.createTopic("metrics-topic", 2);
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaPoolMetricsAutoConfiguration.class))
            .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_LOG_LABEL=metered", "KAFKA_TOPICS=metrics-topic")))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                for (int i = 0; i < 37; i++) {
                    publisher.publish(KafkaMessage.of("metrics-topic", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < 3; i++) {
                    assertThatExceptionOfType(PublishRejectedException.class)
                        .isThrownBy(() -> publisher.publish(KafkaMessage.of("not-allowed", "k", "v")));
                }
                PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                // bind gauges as Spring Boot's MeterRegistryPostProcessor would
                context.getBean(KafkaPublisherMeterBinder.class).bindTo(registry);
                String scrape = registry.scrape();
                assertThat(scrape).contains("kafka_publisher_published_total{pool=\"metered\"} 37.0")
                    .contains("kafka_publisher_rejected_total{pool=\"metered\",reason=\"topic_not_allowed\"} 3.0")
                    .contains("kafka_publisher_rejected_total{pool=\"metered\",reason=\"queue_full\"} 0.0")
                    .contains("kafka_publisher_failed_total{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_retried_total{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_delivery_seconds_count{pool=\"metered\"} 37")
                    .contains("kafka_publisher_delivery_seconds_bucket{pool=\"metered\"")
                    .contains("kafka_publisher_queue_messages{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_queue_bytes{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_in_flight{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_workers{pool=\"metered\"} 2.0")
                    .containsPattern("kafka_publisher_client_certificate_expiry_seconds\\{pool=\"metered\"} 25\\d{5}\\.0")
                    .containsPattern("kafka_producer_record_send_total\\{.*pool=\"metered\".*} 37\\.0");
            });
    }

}
