package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Which producers being moved away from can no longer deliver: they hold records of lanes that
 * have had nothing answered for {@link #STILL_NANOS}, and the brokers refuse them: they have no
 * connection to any broker (after a broker restart that no longer trusts their certificate they
 * try again every second and are refused each time), or their authentication failed again since
 * the handover began while no request of theirs waits for an answer (an expired certificate: a
 * connection that resumes an earlier TLS session may stay open and answer metadata, while the
 * partition leader's connection is refused every second and the records wait in the producer's
 * buffer), while the new producers' warm-up showed the brokers take those. A producer with a
 * request on the wire (a leader that holds an {@code acks=all} request while a refused follower
 * is away) or still connected and not refused (a slow or frozen broker) is waited for: what it
 * sent may yet be written.
 * Such a producer would hold its records until {@code delivery.timeout.ms} (two minutes by
 * default) before giving them back; the handover gives it up instead
 * ({@link DeliveryLane#abandonCurrentProducer}) and closes it, and the records go out on the new
 * producer. One handover's bookkeeping, on its closing thread.
 */
final class RefusedProducers {

    /** How long a lane's records in the old producer must stay unanswered before it may be given up. */
    static final long STILL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final String CONNECTIONS = "connection-count";

    private static final String PRODUCER_METRICS = "producer-metrics";

    private static final String RESPONSES = "response-total";

    private static final String REQUESTS_IN_FLIGHT = "requests-in-flight";

    private static final String FAILED_AUTHENTICATIONS = "failed-authentication-total";

    /** With TLS 1.3 a refused client certificate shows after the handshake, counted as a failed re-authentication. */
    private static final String FAILED_REAUTHENTICATIONS = "failed-reauthentication-total";

    private final List<DeliveryLane> lanes;

    private final List<CompletableFuture<Void>> moves;

    /** Each lane's records in flight when last looked at, and since when. */
    private final int[] inFlight;

    private final long[] since;

    private final Map<Producer<byte[], byte[]>, Boolean> givenUp = new IdentityHashMap<>();

    /** Each producer's failed authentications when this handover first looked at it. */
    private final Map<Producer<byte[], byte[]>, Double> failuresBefore = new IdentityHashMap<>();

    RefusedProducers(List<DeliveryLane> lanes, List<CompletableFuture<Void>> moves) {
        this.lanes = lanes;
        this.moves = moves;
        this.inFlight = new int[lanes.size()];
        this.since = new long[lanes.size()];
        long now = System.nanoTime();
        for (int i = 0; i < lanes.size(); i++) {
            this.inFlight[i] = lanes.get(i).inFlight();
            this.since[i] = now;
        }
    }

    /**
     * Looks at the lanes still moving, and gives up each producer without a connection that the lanes on it have had
     * nothing answered from for a while; the caller closes the producers returned.
     */
    List<Producer<byte[], byte[]>> giveUp() {
        long now = System.nanoTime();
        Map<Producer<byte[], byte[]>, Boolean> still = new IdentityHashMap<>();
        for (int i = 0; i < this.lanes.size(); i++) {
            if (this.moves.get(i).isDone()) {
                continue;
            }
            DeliveryLane lane = this.lanes.get(i);
            this.failuresBefore.computeIfAbsent(lane.currentProducer(), RefusedProducers::authenticationFailures);
            int held = lane.inFlight();
            if (held != this.inFlight[i]) {
                this.inFlight[i] = held;
                this.since[i] = now;
            }
            boolean quiet = held > 0 && now - this.since[i] >= STILL_NANOS;
            still.merge(lane.currentProducer(), quiet, Boolean::logicalAnd);
        }
        List<Producer<byte[], byte[]>> refused = new ArrayList<>();
        still.forEach((producer, quiet) -> {
            if (quiet && !this.givenUp.containsKey(producer) && isRefused(producer)) {
                this.givenUp.put(producer, Boolean.TRUE);
                refused.add(producer);
            }
        });
        if (!refused.isEmpty()) {
            for (int i = 0; i < this.lanes.size(); i++) {
                DeliveryLane lane = this.lanes.get(i);
                if (!this.moves.get(i).isDone() && refused.contains(lane.currentProducer())) {
                    lane.abandonCurrentProducer();
                }
            }
        }
        return Collections.unmodifiableList(refused);
    }

    private boolean isRefused(Producer<byte[], byte[]> producer) {
        return connections(producer) == 0
                || (producerMetric(producer, REQUESTS_IN_FLIGHT) == 0
                        && authenticationFailures(producer) > this.failuresBefore.getOrDefault(producer, Double.MAX_VALUE));
    }

    /** The producer's failed authentications and re-authentications so far, or -1 when it does not say. */
    static double authenticationFailures(Producer<byte[], byte[]> producer) {
        double first = producerMetric(producer, FAILED_AUTHENTICATIONS);
        double again = producerMetric(producer, FAILED_REAUTHENTICATIONS);
        return (first < 0 && again < 0) ? -1 : Math.max(first, 0) + Math.max(again, 0);
    }

    /** The producer's open connections to brokers, or -1 when it does not say. */
    static double connections(Producer<byte[], byte[]> producer) {
        return producerMetric(producer, CONNECTIONS);
    }

    /**
     * How many responses brokers have sent the producer ({@code response-total}), or -1 when it does
     * not say: one proves a broker took its certificate. Its own count of accepted handshakes does
     * not: with TLS 1.3 a broker refuses a client certificate after the client has counted the
     * handshake done.
     */
    static double answered(Producer<byte[], byte[]> producer) {
        return producerMetric(producer, RESPONSES);
    }

    private static double producerMetric(Producer<byte[], byte[]> producer, String metricName) {
        try {
            for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
                MetricName name = metric.getKey();
                if (metricName.equals(name.name()) && PRODUCER_METRICS.equals(name.group())
                        && metric.getValue().metricValue() instanceof Number value) {
                    return value.doubleValue();
                }
            }
        }
        catch (RuntimeException ex) {
            // closed meanwhile
        }
        return -1;
    }

}
