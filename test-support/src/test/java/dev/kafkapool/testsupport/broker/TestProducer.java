package dev.kafkapool.testsupport.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends strings with a plain producer and waits for every acknowledgement. */
final class TestProducer {

    private TestProducer() {
    }

    static void send(Map<String, Object> clientProperties, String topic, List<String> values) {
        Map<String, Object> properties = new java.util.HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = values.stream()
                .map((value) -> producer.send(new ProducerRecord<>(topic, value, value)))
                .toList();
            for (Future<RecordMetadata> ack : acks) {
                // the producer's own delivery timeout (120 s): after a broker's kill, the controller fences it
                // (broker.session.timeout.ms) before acks=all can be met by the others
                ack.get(120, TimeUnit.SECONDS);
            }
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Sending to " + topic + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
