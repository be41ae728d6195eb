package dev.kafkapool.publisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.kafkapool.publisher.PublishRejectedException.Reason;

/** The refusals a pool counts, each as {@code "REASON topic count"}, and a pool that never delivers to count them. */
final class RecordedRejections implements PublisherMetricsTracker {

    private final List<String> rejections = new CopyOnWriteArrayList<>();

    @Override
    public void recordRejected(Reason reason, String topic, int count) {
        this.rejections.add(reason + " " + topic + " " + count);
    }

    List<String> list() {
        return this.rejections;
    }

    /** A pool of {@code config} whose mock producers never answer: what is admitted stays queued or in flight. */
    PooledKafkaPublisher publisher(PublisherConfig config) {
        return PooledKafkaPublisher.builder(config)
            .producerSupplier((properties) -> new MockProducer<>(false, null, new ByteArraySerializer(),
                    new ByteArraySerializer()))
            .metricsTracker(this)
            .build();
    }

}
