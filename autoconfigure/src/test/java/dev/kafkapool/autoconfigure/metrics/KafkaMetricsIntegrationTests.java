package dev.kafkapool.autoconfigure.metrics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
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
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_LOG_LABEL=metered", "KAFKA_TOPICS=metrics-topic",
                    // one token per 100 s: the burst of 37 is spent however slowly the records go out
                    "KAFKA_TOPIC_LIMITS_METRICS_TOPIC_RECORDS_PER_SECOND=0.01", "KAFKA_TOPIC_LIMITS_METRICS_TOPIC_BURST=37")))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                for (int i = 0; i < 37; i++) {
                    publisher.publish(KafkaMessage.of("metrics-topic", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < 3; i++) {
                    assertThatExceptionOfType(PublishRejectedException.class)
                        .isThrownBy(() -> publisher.publish(KafkaMessage.of("not-allowed", "k", "v")));
                }
                assertThatExceptionOfType(PublishRejectedException.class)
                    .isThrownBy(() -> publisher.publish(KafkaMessage.of("metrics-topic", "k", "v")))
                    .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PublishRejectedException.Reason.RATE_LIMITED));
                PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
                // bind gauges as Spring Boot's MeterRegistryPostProcessor would
                context.getBean(KafkaPublisherMeterBinder.class).bindTo(registry);
                String scrape = registry.scrape();
                assertThat(scrape).contains("kafka_publisher_published_total{pool=\"metered\"} 37.0")
                    .contains("kafka_publisher_rejected_total{pool=\"metered\",reason=\"topic_not_allowed\",topic=\"other\"} 3.0")
                    .contains("kafka_publisher_rejected_total{pool=\"metered\",reason=\"rate_limited\",topic=\"metrics-topic\"} 1.0")
                    .contains("kafka_publisher_rejected_total{pool=\"metered\",reason=\"queue_full\",topic=\"metrics-topic\"} 0.0")
                    .doesNotContain("topic=\"not-allowed\"")
                    .contains("kafka_publisher_failed_total{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_retried_total{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_delivery_seconds_count{pool=\"metered\"} 37")
                    .contains("kafka_publisher_delivery_seconds_bucket{pool=\"metered\"")
                    .contains("kafka_publisher_queue_messages{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_queue_bytes{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_queue_capacity{pool=\"metered\"} 100000.0")
                    .contains("kafka_publisher_queue_max_bytes{pool=\"metered\"} 6.7108864E7")
                    .contains("kafka_publisher_in_flight{pool=\"metered\"} 0.0")
                    .contains("kafka_publisher_workers{pool=\"metered\"} 2.0")
                    .containsPattern("kafka_publisher_client_certificate_expiry_seconds\\{pool=\"metered\"} 25\\d{5}\\.0")
                    .containsPattern("kafka_producer_record_send_total\\{.*pool=\"metered\".*} 37\\.0");
            });
    }

    @Test
    void producerMetersGoWithTheirProducersWhenThePoolIsStoppedAndStartedAgain() {
        cluster.createTopic("metrics-restart", 1);
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaPoolMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(
                    KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_LOG_LABEL=restarted", "KAFKA_SHARED_PRODUCER=false",
                    "KAFKA_NUM_THREADS=2", "KAFKA_SHUTDOWN_TIMEOUT=5s")))
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                publisher.publish(KafkaMessage.of("metrics-restart", "k", "first")).get(30, TimeUnit.SECONDS);
                Map<String, Long> perClient = metersPerClientId(registry);
                assertThat(perClient).containsOnlyKeys("restarted-0", "restarted-1").allSatisfy((client, count) ->
                        assertThat(count).isGreaterThan(10));
                Set<Meter> earlier = Collections.newSetFromMap(new IdentityHashMap<>());
                for (int round = 1; round <= 2; round++) {
                    earlier.addAll(producerMeters(registry));
                    context.stop();
                    assertThat(producerMeters(registry)).as("meters of closed producers, round %d", round).isEmpty();
                    context.start();
                    publisher.publish(KafkaMessage.of("metrics-restart", "k", "round-" + round)).get(30, TimeUnit.SECONDS);
                    // Kafka registers a few sensors lazily (metadata waits, errors): the count may move by
                    // a handful, but never double as it did when closed producers' meters stayed.
                    int checked = round;
                    assertThat(metersPerClientId(registry)).as("meters per client id, round %d", round)
                        .containsOnlyKeys(perClient.keySet())
                        .allSatisfy((client, count) -> assertThat(count).as("client %s, round %d", client, checked)
                            .isBetween(perClient.get(client) - 5, perClient.get(client) + 5));
                    assertThat(producerMeters(registry)).as("meters bound to a closed producer, round %d", round)
                        .noneMatch(earlier::contains);
                }
            });
    }

    /** The Kafka client meters of pool 'restarted' (kafka.producer.*, kafka.app.info.*): those with a client id. */
    private static List<Meter> producerMeters(MeterRegistry registry) {
        return registry.getMeters()
            .stream()
            .filter((meter) -> "restarted".equals(meter.getId().getTag("pool"))
                    && meter.getId().getTag("client.id") != null)
            .toList();
    }

    /**
     * How many {@code kafka.producer.*} meters each client id of pool 'restarted' has, counting
     * those a producer has from its creation: per-node and per-topic ones appear with the first
     * connection and send, which race with the binding.
     */
    private static Map<String, Long> metersPerClientId(MeterRegistry registry) {
        return producerMeters(registry).stream()
            .filter((meter) -> meter.getId().getName().startsWith("kafka.producer.")
                    && meter.getId().getTag("node.id") == null && meter.getId().getTag("topic") == null)
            .collect(Collectors.groupingBy((meter) -> meter.getId().getTag("client.id"), TreeMap::new,
                    Collectors.counting()));
    }

}
