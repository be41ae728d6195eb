package dev.kafkapool.publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a reconnect, on a thread of its own: waits until every lane has moved off the old
 * producers (each has answered what it held), then closes them. Nothing is left in them by then,
 * so closing loses nothing. If the lanes go first (the pool stopped), shutdown has closed them.
 */
final class ProducerHandover implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(ProducerHandover.class);

    private static final long POLL_MILLIS = 100;

    private final String label;

    private final List<Producer<byte[], byte[]>> old;

    private final CompletableFuture<Void> lanesMoved;

    private final BooleanSupplier lanesGone;

    private final Consumer<List<Producer<byte[], byte[]>>> release;

    private final Duration closeTimeout;

    /**
     * @param lanesGone whether the lanes this handover waits for are gone: then shutdown has closed
     * the producers, and the handover ends
     * @param release takes the old producers out of the pool's list, under its lifecycle lock, so
     * that shutdown leaves them to the handover
     */
    ProducerHandover(String label, List<Producer<byte[], byte[]>> old, List<CompletableFuture<Void>> moves,
            BooleanSupplier lanesGone, Consumer<List<Producer<byte[], byte[]>>> release, Duration closeTimeout) {
        this.label = label;
        this.old = List.copyOf(old);
        this.lanesMoved = CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
        this.lanesGone = lanesGone;
        this.release = release;
        this.closeTimeout = closeTimeout;
    }

    void start() {
        Thread thread = new Thread(this, this.label + "-handover");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        while (!this.lanesMoved.isDone()) {
            if (this.lanesGone.getAsBoolean()) {
                return;
            }
            try {
                this.lanesMoved.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
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
