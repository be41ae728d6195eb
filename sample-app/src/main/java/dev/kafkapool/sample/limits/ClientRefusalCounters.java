package dev.kafkapool.sample.limits;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.metrics.MicrometerPublisherMetricsTracker;

/**
 * Counts the requests this app refuses for a client over its rate, beside the pool's own refusals:
 * {@code kafka.publisher.rejected} with {@code reason="client_rate_limited"} (Prometheus:
 * {@code kafka_publisher_rejected_total}), so one query shows every refusal reason. Records are
 * counted, as the pool counts them; the {@code topic} tag is the topic when it is on the allow-list
 * ({@code KAFKA_TOPICS}) and {@code other} otherwise, so its values stay bounded however callers
 * name topics. Without a meter registry nothing is counted.
 */
@Component
final class ClientRefusalCounters {

    static final String REASON = "client_rate_limited";

    private static final String OTHER_TOPIC = MicrometerPublisherMetricsTracker.OTHER_TOPIC;

    /** By allow-listed topic, and {@link #OTHER_TOPIC}; empty without a registry. */
    private final Map<String, Counter> byTopic = new HashMap<>();

    ClientRefusalCounters(ObjectProvider<MeterRegistry> registry, KafkaPoolProperties pool) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        this.byTopic.put(OTHER_TOPIC, counter(meters, pool.getLogLabel(), OTHER_TOPIC));
        for (String topic : pool.getTopics()) {
            String trimmed = topic.trim();
            if (!trimmed.isEmpty()) {
                this.byTopic.computeIfAbsent(trimmed, (name) -> counter(meters, pool.getLogLabel(), name));
            }
        }
    }

    /** The pool's own counter of refusals, with this reason: one name, one description, one set of tags. */
    private static Counter counter(MeterRegistry registry, String pool, String topic) {
        return MicrometerPublisherMetricsTracker.rejectedCounter(registry, pool, REASON, topic);
    }

    /** {@code records} refused for their client's rate, on their way to {@code topic}. */
    void refused(String topic, int records) {
        Counter counter = this.byTopic.get(topic);
        if (counter == null) {
            counter = this.byTopic.get(OTHER_TOPIC);
        }
        if (counter != null) {
            counter.increment(records);
        }
    }

}
