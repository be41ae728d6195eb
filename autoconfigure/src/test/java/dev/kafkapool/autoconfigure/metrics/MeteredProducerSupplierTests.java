package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.kafkapool.publisher.ConnectionProperties;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublisherConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MeteredProducerSupplier}: each producer of the pool is metered as itself, across a reconnect too. */
class MeteredProducerSupplierTests {

    private static final ConnectionProperties NOWHERE = ConnectionProperties.of(
            Map.of("bootstrap.servers", "localhost:1"), "no broker");

    @Test
    void theProducersOfAReconnectAreMeteredBesideTheOnesTheyReplaceAndOutliveThem() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MeteredProducerSupplier supplier = new MeteredProducerSupplier(registry, "orders");
        PooledKafkaPublisher pool = PooledKafkaPublisher
            .builder(PublisherConfig.builder().label("orders").workers(2).sharedProducer(false).build())
            .connection(NOWHERE)
            .producerSupplier(supplier)
            .build();
        try {
            pool.start();
            pool.reconnect(NOWHERE);
            // with one client id for both, the second producer's meters said kafka_version="unknown" (its JMX
            // registration collided) and, once the old producer closed, only those were left
            assertThat(sendTotals(registry)).containsExactlyInAnyOrder(
                    "client_id=\"orders-0\",kafka_version=\"" + kafkaVersion() + "\"",
                    "client_id=\"orders-1\",kafka_version=\"" + kafkaVersion() + "\"",
                    "client_id=\"orders-0.1\",kafka_version=\"" + kafkaVersion() + "\"",
                    "client_id=\"orders-1.1\",kafka_version=\"" + kafkaVersion() + "\"");
        }
        finally {
            pool.shutdown(Duration.ZERO);
            supplier.destroy();
        }
    }

    private static List<String> sendTotals(PrometheusMeterRegistry registry) {
        return registry.scrape()
            .lines()
            .filter((line) -> line.startsWith("kafka_producer_record_send_total{"))
            .map((line) -> line.substring(line.indexOf('{') + 1, line.indexOf(",pool=")))
            .toList();
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

}
