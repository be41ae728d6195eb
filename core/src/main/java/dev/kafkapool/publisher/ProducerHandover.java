package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of a reconnect, off the caller's thread. First the new producers learn the metadata of
 * the topics the lanes deliver to (and so open their connections), while the lanes go on with the
 * old ones; then each lane is told to move ({@link DeliveryLane#switchTo}), which it does once its
 * old producer has answered what it held; when every lane has moved, the old producers, empty by
 * then, are closed. If the lanes go first (the pool stopped), shutdown has closed the producers.
 */
final class ProducerHandover implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(ProducerHandover.class);

    /** Longest wait for a new producer to learn the topics; beyond it the lanes move anyway. */
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long POLL_MILLIS = 100;

    private final String label;

    private final List<DeliveryLane> lanes;

    private final List<Producer<byte[], byte[]>> created;

    private final List<Producer<byte[], byte[]>> old;

    private final BooleanSupplier lanesGone;

    private final Consumer<List<Producer<byte[], byte[]>>> release;

    private final Duration closeTimeout;

    /**
     * @param created the new producer of each lane, in lane order
     * @param lanesGone whether the lanes are gone: then shutdown has closed the producers, and the
     * handover ends
     * @param release takes the old producers out of the pool's list, under its lifecycle lock, so
     * that shutdown leaves them to the handover
     */
    ProducerHandover(String label, List<DeliveryLane> lanes, List<Producer<byte[], byte[]>> created,
            List<Producer<byte[], byte[]>> old, BooleanSupplier lanesGone,
            Consumer<List<Producer<byte[], byte[]>>> release, Duration closeTimeout) {
        this.label = label;
        this.lanes = List.copyOf(lanes);
        this.created = List.copyOf(created);
        this.old = List.copyOf(old);
        this.lanesGone = lanesGone;
        this.release = release;
        this.closeTimeout = closeTimeout;
    }

    /** Warms the new producers up and tells the lanes to move; the closing goes on on a thread of its own. */
    @Override
    public void run() {
        long started = System.nanoTime();
        warmUp(started + WARM_UP_NANOS);
        if (this.lanesGone.getAsBoolean()) {
            return;
        }
        List<CompletableFuture<Void>> moves = new ArrayList<>();
        for (int i = 0; i < this.lanes.size(); i++) {
            moves.add(this.lanes.get(i).switchTo(this.created.get(i)));
        }
        Thread closer = new Thread(() -> closeWhenMoved(moves, started), this.label + "-handover-close");
        closer.setDaemon(true);
        closer.start();
    }

    /** Asks each new producer for each delivered topic's partitions until it knows them (it never blocks). */
    private void warmUp(long deadline) {
        Set<String> topics = new LinkedHashSet<>();
        this.lanes.forEach((lane) -> topics.addAll(lane.deliveredTopics()));
        Set<Producer<byte[], byte[]>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(this.created);
        for (Producer<byte[], byte[]> producer : distinct) {
            for (String topic : topics) {
                while (!knows(producer, topic)) {
                    if (System.nanoTime() - deadline > 0 || this.lanesGone.getAsBoolean()) {
                        logger.warn("{} - A new producer did not learn the metadata of '{}' within {} s; the workers "
                                + "move to it anyway", this.label, topic, TimeUnit.NANOSECONDS.toSeconds(WARM_UP_NANOS));
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }
        }
    }

    private static boolean knows(Producer<byte[], byte[]> producer, String topic) {
        try {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            return partitions != null && !partitions.isEmpty();
        }
        catch (KafkaException ex) {
            // no metadata yet (max.block.ms=0): the producer fetches it meanwhile
            return false;
        }
    }

    private void closeWhenMoved(List<CompletableFuture<Void>> moves, long started) {
        CompletableFuture<Void> lanesMoved = CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
        while (!lanesMoved.isDone()) {
            if (this.lanesGone.getAsBoolean()) {
                return;
            }
            try {
                lanesMoved.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException | ExecutionException ex) {
                // not yet: look whether the lanes are still there
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        this.release.accept(this.old);
        for (Producer<byte[], byte[]> producer : this.old) {
            try {
                producer.close(this.closeTimeout);
            }
            catch (RuntimeException ex) {
                logger.warn("{} - Closing a replaced producer failed: {}", this.label, DeliveryErrors.describe(ex));
            }
        }
        logger.info("{} - Every worker sends with the new connection; the {} old producer(s) answered what they held "
                + "and are closed ({} ms)", this.label, this.old.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

}
