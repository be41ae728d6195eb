package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's Kafka producers: made for a connection, one per lane or one shared by all, each with
 * a client id of its own and its network thread watched ({@link ProducerThreads}), and let go of
 * when no lane sends with them any more. The pool calls it under its lifecycle lock, except for
 * {@link #deadThreads()}, which any thread may call.
 */
final class PoolProducers {

    private static final Logger logger = LoggerFactory.getLogger(PoolProducers.class);

    private final PublisherConfig config;

    private final ProducerSupplier supplier;

    /** The producers that lanes send with or that a handover has not yet let go of. */
    private final List<Producer<byte[], byte[]>> producers = new ArrayList<>();

    private final ProducerThreads threads = new ProducerThreads();

    /**
     * How many reconnects have made producers. Their client ids carry it, so an old producer still
     * answering what it holds and its replacement never share one (JMX and metrics key on it).
     */
    private int reconnects;

    PoolProducers(PublisherConfig config, ProducerSupplier supplier) {
        this.config = config;
        this.supplier = supplier;
    }

    /** The producers of a start: the current generation, {@code pool-0}, {@code pool-1}, or {@code pool-0.2} after reconnects. */
    List<Producer<byte[], byte[]>> forStart(ConnectionProperties connection, int lanes) {
        return forLanes(connection, lanes, this.reconnects);
    }

    /** The producers of a reconnect: a new generation, {@code pool-0.1} after {@code pool-0}. */
    List<Producer<byte[], byte[]>> forReconnect(ConnectionProperties connection, int lanes) {
        return forLanes(connection, lanes, ++this.reconnects);
    }

    /**
     * One producer for each of {@code lanes} (the same one for all when the producer is shared),
     * in lane order; when one cannot be made, those made before it are closed.
     */
    private List<Producer<byte[], byte[]>> forLanes(ConnectionProperties connection, int lanes, int generation) {
        List<Producer<byte[], byte[]>> made = new ArrayList<>();
        List<Producer<byte[], byte[]>> perLane = new ArrayList<>(lanes);
        try {
            Producer<byte[], byte[]> shared = this.config.sharedProducer() ? create(connection, 0, generation) : null;
            if (shared != null) {
                made.add(shared);
            }
            for (int i = 0; i < lanes; i++) {
                Producer<byte[], byte[]> producer = (shared != null) ? shared : create(connection, i, generation);
                if (shared == null) {
                    made.add(producer);
                }
                perLane.add(producer);
            }
        }
        catch (RuntimeException ex) {
            // no lane sends with them: nothing else would close them
            discard(made);
            throw ex;
        }
        return perLane;
    }

    /**
     * A producer for {@code connection}; its client id is the configured one and the lane's index, then, for the
     * producers of a reconnect, a dot and the reconnect's number ({@code pool-0}, then {@code pool-0.1}).
     */
    private Producer<byte[], byte[]> create(ConnectionProperties connection, int index, int generation) {
        Map<String, Object> properties = new HashMap<>(connection.properties());
        properties.putAll(this.config.producerProperties());
        String clientId = properties.get(ProducerConfig.CLIENT_ID_CONFIG) + "-" + index
                + ((generation > 0) ? "." + generation : "");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        Set<Thread> before = ProducerThreads.named(clientId);
        Producer<byte[], byte[]> producer = this.supplier.create(properties);
        this.producers.add(producer);
        this.threads.register(producer, clientId, before);
        return producer;
    }

    /** Every producer held now, shared ones once. */
    List<Producer<byte[], byte[]>> all() {
        return new ArrayList<>(this.producers);
    }

    /** Lets go of producers a handover closes from now on (not shutdown). */
    void release(List<Producer<byte[], byte[]>> replaced) {
        this.producers.removeAll(replaced);
        this.threads.forget(replaced);
    }

    /** Lets go of producers no lane ever sent with, and closes each once. */
    void discard(List<Producer<byte[], byte[]>> unused) {
        release(unused);
        Set<Producer<byte[], byte[]>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(unused);
        for (Producer<byte[], byte[]> producer : distinct) {
            try {
                producer.close(Duration.ZERO);
            }
            catch (RuntimeException ex) {
                logger.warn("{} - Closing an unused producer failed: {}", this.config.label(), DeliveryErrors.describe(ex));
            }
        }
    }

    /** The producers held now whose network thread has died: nothing they hold is ever answered by them. */
    List<Producer<byte[], byte[]>> deadProducers() {
        return this.threads.deadProducers();
    }

    /** Lets go of every producer, for shutdown to close: what was held. */
    List<Producer<byte[], byte[]>> takeAll() {
        List<Producer<byte[], byte[]>> all = all();
        this.producers.clear();
        this.threads.forgetAll();
        return all;
    }

    /** The network threads that died under producers still held, by name, as {@link ProducerThreads#dead} says. */
    List<String> deadThreads() {
        return this.threads.dead(this.config.label(),
                this.config.setting("producerProperties." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    }

}
