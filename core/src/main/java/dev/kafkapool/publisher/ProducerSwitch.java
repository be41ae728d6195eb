package dev.kafkapool.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;

/**
 * A lane's move to a new producer: asked for on any thread (a reconnect), carried out by the lane's
 * worker once its current producer has answered everything it took from the lane. Asked again
 * before the lane has moved, the newer producer wins; every asker's future completes once the
 * lane has moved.
 */
final class ProducerSwitch {

    /** Whether a move was asked for and not yet carried out; read by the worker on every round. */
    private volatile boolean pending;

    /** The producer to move to; guarded by {@code this}. */
    private Producer<byte[], byte[]> next;

    /** Completed when the lane has moved; guarded by {@code this}. */
    private List<CompletableFuture<Void>> moved = new ArrayList<>();

    /** Asks for a move to {@code producer}; the future completes once the lane uses it. */
    synchronized CompletableFuture<Void> request(Producer<byte[], byte[]> producer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        this.next = producer;
        this.moved.add(done);
        this.pending = true;
        return done;
    }

    /** Whether the lane has been told to move and has not yet; any thread. */
    boolean isPending() {
        return this.pending;
    }

    /**
     * The worker moves: {@code use} takes the producer last asked for, with no request coming in
     * between; then every asker's future completes.
     */
    void complete(Consumer<Producer<byte[], byte[]>> use) {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            use.accept(this.next);
            this.next = null;
            this.pending = false;
            done = this.moved;
            this.moved = new ArrayList<>();
        }
        done.forEach((future) -> future.complete(null));
    }

}
