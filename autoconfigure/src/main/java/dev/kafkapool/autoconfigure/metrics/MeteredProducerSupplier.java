package dev.kafkapool.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.DisposableBean;

import dev.kafkapool.publisher.ProducerSupplier;

/**
 * Creates the pool's Kafka producers and binds each one's client metrics
 * ({@code kafka.producer.*}) with Micrometer's Kafka binder, tagged with the pool's label. Each
 * binder is closed, and its meters removed, when its producer is closed; those still open at
 * destruction are closed then.
 */
public final class MeteredProducerSupplier implements ProducerSupplier, DisposableBean {

    private final MeterRegistry registry;

    private final String pool;

    private final Set<KafkaClientMetrics> binders = ConcurrentHashMap.newKeySet();

    public MeteredProducerSupplier(MeterRegistry registry, String pool) {
        this.registry = registry;
        this.pool = pool;
    }

    @Override
    public Producer<byte[], byte[]> create(Map<String, Object> properties) {
        Producer<byte[], byte[]> producer = ProducerSupplier.KAFKA.create(properties);
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer, List.of(Tag.of("pool", this.pool)));
        metrics.bindTo(this.registry);
        this.binders.add(metrics);
        return new MeteredProducer(producer, () -> {
            if (this.binders.remove(metrics)) {
                metrics.close();
            }
        });
    }

    @Override
    public void destroy() {
        this.binders.forEach(KafkaClientMetrics::close);
        this.binders.clear();
    }

}
