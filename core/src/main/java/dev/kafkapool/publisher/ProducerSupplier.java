package dev.kafkapool.publisher;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates the Kafka producers a pool delivers through; tests of pure pool logic pass a mock. */
@FunctionalInterface
public interface ProducerSupplier {

    /** Real {@link KafkaProducer}s with byte array serializers. */
    ProducerSupplier KAFKA = (properties) -> new KafkaProducer<>(properties, new ByteArraySerializer(),
            new ByteArraySerializer());

    /**
     * Creates a producer.
     * @param properties the complete producer configuration, including {@code client.id}
     * @return a new producer, owned and closed by the pool
     */
    Producer<byte[], byte[]> create(Map<String, Object> properties);

}
