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
 * {@code kafka_publisher_rejected_total}), so one query shows every refusal reason; a request of more
 * records than a client's burst, which no wait lets through, counts as {@code reason="too_large"}, as
 * the pool counts one over a topic's burst. Records are
 * counted, as the pool counts them; the {@code topic} tag is the topic when it is on the allow-list
 * ({@code KAFKA_TOPICS}) and {@code other} otherwise, so its values stay bounded however callers
 * name topics. Without a meter registry nothing is counted.
 */
@Component
final class ClientRefusalCounters {

    static final String REASON = "client_rate_limited";

    /** The pool's tag for a refusal that no wait can pass. */
    static final String TOO_LARGE_REASON = "too_large";

    private static final String OTHER_TOPIC = MicrometerPublisherMetricsTracker.OTHER_TOPIC;

    /** Refusals for the client's rate, by allow-listed topic and {@link #OTHER_TOPIC}; empty without a registry. */
    private final Map<String, Counter> rateLimited;

    /** Requests over the client's burst, likewise. */
    private final Map<String, Counter> tooLarge;

    ClientRefusalCounters(ObjectProvider<MeterRegistry> registry, KafkaPoolProperties pool) {
        MeterRegistry meters = registry.getIfAvailable();
        this.rateLimited = counters(meters, pool, REASON);
        this.tooLarge = counters(meters, pool, TOO_LARGE_REASON);
    }

    /** The pool's own counters of refusals, with {@code reason}: one name, one description, one set of tags. */
    private static Map<String, Counter> counters(MeterRegistry registry, KafkaPoolProperties pool, String reason) {
        Map<String, Counter> byTopic = new HashMap<>();
        if (registry == null) {
            return byTopic;
        }
        byTopic.put(OTHER_TOPIC,
                MicrometerPublisherMetricsTracker.rejectedCounter(registry, pool.getLogLabel(), reason, OTHER_TOPIC));
        for (String topic : pool.determineTopics()) {
            byTopic.put(topic, MicrometerPublisherMetricsTracker.rejectedCounter(registry, pool.getLogLabel(), reason, topic));
        }
        return byTopic;
    }

    /** {@code records} refused for their client's rate, on their way to {@code topic}. */
    void refused(String topic, int records) {
        increment(this.rateLimited, topic, records);
    }

    /** {@code records} refused in one request for being more than the client's burst, on their way to {@code topic}. */
    void tooLarge(String topic, int records) {
        increment(this.tooLarge, topic, records);
    }

    private static void increment(Map<String, Counter> byTopic, String topic, int records) {
        Counter counter = byTopic.get(topic);
        if (counter == null) {
            counter = byTopic.get(OTHER_TOPIC);
        }
        if (counter != null) {
            counter.increment(records);
        }
    }

}
