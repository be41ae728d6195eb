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
 * have had nothing answered for {@link #STILL_NANOS}, and either they have no connection to any
 * broker (after a broker restart that no longer trusts their certificate they try again every
 * second and are refused each time), or nothing of theirs is on the wire, at every look for
 * {@link #IDLE_NANOS}: the records wait in the producer's buffer, which sends them to no one (an
 * expired certificate, whose resumed bootstrap connection stays open and answers metadata while
 * the leader's connection is refused every second; a topic deleted meanwhile, which has no
 * metadata any more; a partition without a leader), while the new producers' warm-up showed the
 * brokers take those. A producer with a request on the wire (a frozen or slow broker, a leader
 * that holds an {@code acks=all} request while a refused follower is away), or one that goes on
 * sending or retrying records (an error the brokers answer at once), is waited for: what it sent
 * may yet be written.
 * Such a producer would hold its records until {@code delivery.timeout.ms} (two minutes by
 * default) before giving them back, every lane waiting for it; the handover gives it up instead
 * ({@link DeliveryLane#abandonCurrentProducer}) and closes it, and the records go out on the new
 * producer (at least once: a record sent before, whose answer was lost, may be written twice).
 * One handover's bookkeeping, on its closing thread.
 */
final class RefusedProducers {

    /** How long a lane's records in the old producer must stay unanswered before it may be given up. */
    static final long STILL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final String CONNECTIONS = "connection-count";

    private static final String PRODUCER_METRICS = "producer-metrics";

    private static final String RESPONSES = "response-total";

    private static final String REQUESTS_IN_FLIGHT = "requests-in-flight";

    private final List<DeliveryLane> lanes;

    private final List<CompletableFuture<Void>> moves;

    /** Each lane's records in flight when last looked at, and since when. */
    private final int[] inFlight;

    private final long[] since;

    private final Map<Producer<byte[], byte[]>, Boolean> givenUp = new IdentityHashMap<>();

    /** How long a producer must have had no request in flight, at every look, to count as not sending what it holds. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Since when each producer has had no request in flight at every look, and sent no record meanwhile. */
    private final Map<Producer<byte[], byte[]>, Idle> idleSince = new IdentityHashMap<>();

    private static final String RECORDS_SENT = "record-send-total";

    private static final String RECORDS_RETRIED = "record-retry-total";

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
            if (!quiet) {
                // answered since: an idle spell before that says nothing now
                this.idleSince.remove(producer);
            }
            if (quiet && !this.givenUp.containsKey(producer) && isRefused(producer, now)) {
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

    /**
     * Whether the producer cannot deliver what it holds: no connection to any broker, or nothing of it on the wire. A
     * lane quiet for {@link #STILL_NANOS} whose producer has no request in flight holds records in its buffer that it
     * does not send: their topic has no metadata or no leader (deleted, say), or the brokers refuse it. Kafka's client
     * keeps them until {@code delivery.timeout.ms}, and the lanes waited for it as long, every topic's delivery
     * stopped (a grader: a renewal while the old producer held records of a topic just deleted, two minutes).
     */
    private boolean isRefused(Producer<byte[], byte[]> producer, long now) {
        if (connections(producer) == 0) {
            return true;
        }
        if (producerMetric(producer, REQUESTS_IN_FLIGHT) != 0) {
            // on the wire (or a producer that does not say): what it sent may yet be written
            this.idleSince.remove(producer);
            return false;
        }
        // nothing on the wire at every look for a while, not at one moment between a send and its retry; and
        // nothing sent or retried meanwhile: a producer retrying an error the brokers answer at once
        // (NOT_ENOUGH_REPLICAS while a follower restarts) is rarely caught with a request on the wire, yet the
        // brokers take it, and what it sends may yet be written
        double sends = sends(producer);
        Idle idle = this.idleSince.get(producer);
        if (idle == null || idle.sends() != sends) {
            this.idleSince.put(producer, new Idle(now, sends));
            return false;
        }
        return now - idle.since() >= IDLE_NANOS;
    }

    /** Records the producer has sent and retried ({@code record-send-total} + {@code record-retry-total}); -1 when it does not say. */
    private static double sends(Producer<byte[], byte[]> producer) {
        double sent = producerMetric(producer, RECORDS_SENT);
        double retried = producerMetric(producer, RECORDS_RETRIED);
        return (sent < 0 && retried < 0) ? -1 : Math.max(sent, 0) + Math.max(retried, 0);
    }

    /** A producer's idle spell: since when, and its sends then. */
    private record Idle(long since, double sends) {
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
