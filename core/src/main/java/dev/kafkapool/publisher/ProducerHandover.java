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
import java.util.concurrent.atomic.AtomicInteger;
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
 * the topics the lanes deliver to and the old producers know (and so open their connections: the
 * TLS handshake with the new material happens here), while the lanes go on with the old ones. A new
 * producer the brokers do not accept never learns them, so the lanes stay where delivery works,
 * however long that lasts, until the new producers reach the brokers, a newer reconnect
 * {@linkplain #supersede() supersedes} this one, or the pool stops. Then each lane is told to move
 * ({@link DeliveryLane#switchTo}), which it does once its old producer has answered what it held;
 * when every lane has moved, the old producers, empty by then, are closed. If the lanes go first
 * (the pool stopped), shutdown has closed the producers.
 */
final class ProducerHandover implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(ProducerHandover.class);

    /** How long the new producers may take to learn the topics before a warning says they have not. */
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long POLL_MILLIS = 100;

    /**
     * How often the new producers are asked while they have not yet reached the brokers: each question of a
     * producer that cannot reach them makes Kafka's client log a line. Quick at first (a rotation the brokers
     * accept takes a few milliseconds), once a second after the warning.
     */
    private static final long WARM_UP_POLL_MILLIS = 10;

    private static final long WARNED_POLL_MILLIS = 1000;

    /** What {@link #firstUnknown} names when there is no topic to ask about and no broker has answered yet. */
    private static final String NO_ANSWER = "(no topic to ask about: no broker has answered them yet)";

    private static final int WARMING = 0;

    private static final int MOVING = 1;

    private static final int SUPERSEDED = 2;

    /** {@link #WARMING} until the lanes are told to move or a newer reconnect takes over. */
    private final AtomicInteger phase = new AtomicInteger(WARMING);

    /** When the handover began, on {@link System#nanoTime()}'s scale. */
    private final long began = System.nanoTime();

    private final String label;

    private final List<DeliveryLane> lanes;

    private final List<Producer<byte[], byte[]>> created;

    private final List<Producer<byte[], byte[]>> old;

    private final BooleanSupplier lanesGone;

    private final Consumer<List<Producer<byte[], byte[]>>> release;

    private final Duration closeTimeout;

    /** Topics to ask the new producers about while the lanes have delivered to none: the allow-listed ones. */
    private final Set<String> probeTopics;

    /** Told when the lanes are told to move: from then on they deliver with the new connection. */
    private final Runnable moving;

    /**
     * @param created the new producer of each lane, in lane order
     * @param lanesGone whether the lanes are gone: then shutdown has closed the producers, and the
     * handover ends
     * @param release takes the old producers out of the pool's list, under its lifecycle lock, so
     * that shutdown leaves them to the handover
     * @param probeTopics topics of which the new producers must know one when they know no delivered topic (the
     * allow-list; with neither, a broker's answer to each new producer is asked for instead)
     * @param moving told when the lanes are told to move to the new producers
     */
    ProducerHandover(String label, List<DeliveryLane> lanes, List<Producer<byte[], byte[]>> created,
            List<Producer<byte[], byte[]>> old, BooleanSupplier lanesGone,
            Consumer<List<Producer<byte[], byte[]>>> release, Duration closeTimeout, Set<String> probeTopics,
            Runnable moving) {
        this.label = label;
        this.lanes = List.copyOf(lanes);
        this.created = List.copyOf(created);
        this.old = List.copyOf(old);
        this.lanesGone = lanesGone;
        this.release = release;
        this.closeTimeout = closeTimeout;
        this.probeTopics = Set.copyOf(probeTopics);
        this.moving = moving;
    }

    /**
     * How long the new producers have been waited for, while they have not yet reached the brokers and the lanes stay
     * on the old ones; {@link Duration#ZERO} once the lanes are told to move or the handover was superseded.
     */
    Duration waiting() {
        return (this.phase.get() == WARMING) ? Duration.ofNanos(System.nanoTime() - this.began) : Duration.ZERO;
    }

    /** The new producers, in lane order. */
    List<Producer<byte[], byte[]>> created() {
        return this.created;
    }

    /**
     * Ends this handover if the lanes have not been told to move yet: its new producers are then the caller's to
     * close, and the lanes stay on the old ones for the newer reconnect to move.
     * @return whether it was ended; {@code false} when the lanes are already moving to the new producers
     */
    boolean supersede() {
        return this.phase.compareAndSet(WARMING, SUPERSEDED);
    }

    /** Warms the new producers up and tells the lanes to move; the closing goes on on a thread of its own. */
    @Override
    public void run() {
        long started = this.began;
        if (!warmUp(started)) {
            // the lanes are gone: nothing waits for these producers any more (shutdown closes them)
            this.phase.compareAndSet(WARMING, SUPERSEDED);
            return;
        }
        if (!this.phase.compareAndSet(WARMING, MOVING)) {
            return;
        }
        this.moving.run();
        List<CompletableFuture<Void>> moves = new ArrayList<>();
        for (int i = 0; i < this.lanes.size(); i++) {
            moves.add(this.lanes.get(i).switchTo(this.created.get(i)));
        }
        Thread closer = new Thread(() -> closeWhenMoved(moves, started), this.label + "-handover-close");
        closer.setDaemon(true);
        closer.start();
    }

    /**
     * Asks each new producer for the partitions of the delivered topics (it never blocks), until it knows each one an old
     * producer knows, and at least one at all.
     * @return whether they do; {@code false} when the handover was superseded or the lanes are gone
     */
    private boolean warmUp(long started) {
        Set<Producer<byte[], byte[]>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(this.created);
        boolean warned = false;
        while (true) {
            if (this.lanesGone.getAsBoolean() || this.phase.get() == SUPERSEDED) {
                return false;
            }
            Set<String> delivered = new LinkedHashSet<>();
            // read again each time: a topic the lanes deliver to from now on counts too
            this.lanes.forEach((lane) -> delivered.addAll(lane.deliveredTopics()));
            String unknown = firstUnknown(distinct, delivered);
            long waited = System.nanoTime() - started;
            if (unknown == null) {
                if (warned) {
                    logger.info("{} - The new producers reach the brokers after {} s; the workers move to them",
                            this.label, TimeUnit.NANOSECONDS.toSeconds(waited));
                }
                return true;
            }
            if (!warned && waited > WARM_UP_NANOS) {
                logger.warn("{} - The new producers have not learned the metadata of '{}' within {} s: the brokers may "
                        + "not accept the new TLS material (its CA file may not hold the brokers' CA, or the brokers may "
                        + "not trust its certificate: the health details name which, once probed), deny its principal the "
                        + "topic (ACLs), or cannot be reached, "
                        + "or the topic was deleted (then the workers move once the new producers learn another). "
                        + "The workers go on with the current connection and move once the new producers get there",
                        this.label, unknown,
                        TimeUnit.NANOSECONDS.toSeconds(WARM_UP_NANOS));
                warned = true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(warned ? WARNED_POLL_MILLIS : WARM_UP_POLL_MILLIS));
        }
    }

    /**
     * A topic the new producers must learn before the lanes move, or {@code null} when they have reached the brokers:
     * every delivered topic an old producer knows, and at least one topic at all, delivered or allow-listed. A
     * delivered topic the old producers do not know now either (deleted, say) need not be learned, but it is no
     * proof: while a broker restarts the old producers lose the metadata they had, and new producers the brokers
     * refuse (an untrusted certificate) must not be moved to then, nor the old ones closed. With neither a delivered
     * nor an allow-listed topic there is nothing to ask about: then each new producer must have had an answer from
     * a broker.
     */
    private String firstUnknown(Set<Producer<byte[], byte[]>> newProducers, Set<String> delivered) {
        String unlearned = null;
        boolean learned = false;
        for (String topic : delivered) {
            if (allKnow(newProducers, topic)) {
                learned = true;
            }
            else if (this.old.stream().anyMatch((producer) -> knows(producer, topic))) {
                return topic;
            }
            else if (unlearned == null) {
                unlearned = topic;
            }
        }
        // one allow-listed topic proves the brokers take the new producers as well (the old ones are not asked:
        // asking would make them learn, and so require, every allow-listed topic)
        for (String topic : this.probeTopics) {
            if (learned) {
                break;
            }
            if (allKnow(newProducers, topic)) {
                learned = true;
            }
            else if (unlearned == null) {
                unlearned = topic;
            }
        }
        if (!learned && unlearned == null) {
            // no topic to ask about: a producer asks the brokers for metadata at its start, and one whose certificate
            // they refuse never has an answer (-1: a producer that does not say)
            return newProducers.stream().allMatch((producer) -> RefusedProducers.answered(producer) != 0) ? null
                    : NO_ANSWER;
        }
        return learned ? null : unlearned;
    }

    private static boolean allKnow(Set<Producer<byte[], byte[]>> producers, String topic) {
        return producers.stream().allMatch((producer) -> knows(producer, topic));
    }

    private void closeQuietly(Producer<byte[], byte[]> producer, Duration timeout) {
        try {
            producer.close(timeout);
        }
        catch (RuntimeException ex) {
            logger.warn("{} - Closing a replaced producer failed: {}", this.label, DeliveryErrors.describe(ex));
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
        catch (IllegalStateException ex) {
            // closed: a newer reconnect superseded this one, which ends at its next look
            return false;
        }
    }

    private void closeWhenMoved(List<CompletableFuture<Void>> moves, long started) {
        CompletableFuture<Void> lanesMoved = CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
        RefusedProducers refused = new RefusedProducers(this.lanes, moves);
        int givenUp = 0;
        while (!lanesMoved.isDone()) {
            if (this.lanesGone.getAsBoolean()) {
                return;
            }
            for (Producer<byte[], byte[]> producer : refused.giveUp()) {
                logger.warn("{} - A producer being replaced has had no answer for {} s, and no connection to the "
                        + "brokers or nothing on the wire (they may no longer accept its certificate, or its records' "
                        + "topic has no metadata or leader: deleted?), while the new ones reach them: it is closed "
                        + "now and the records it held go out on the new producer (at least once: a record the broker "
                        + "wrote just before it stopped answering can be written twice)", this.label,
                        TimeUnit.NANOSECONDS.toSeconds(RefusedProducers.STILL_NANOS));
                // out of the pool's list first: a producer the pool closed is not one whose thread died
                this.release.accept(List.of(producer));
                closeQuietly(producer, Duration.ZERO);
                givenUp++;
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
            closeQuietly(producer, this.closeTimeout);
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (givenUp == 0) {
            logger.info("{} - Every worker sends with the new connection; the {} old producer(s) answered what they "
                    + "held and are closed ({} ms)", this.label, this.old.size(), took);
        }
        else {
            logger.info("{} - Every worker sends with the new connection; of the {} old producer(s), {} were given up "
                    + "(their records went out on the new ones) and the rest answered what they held; all are closed "
                    + "({} ms)", this.label, this.old.size(), givenUp, took);
        }
    }

}
