package dev.kafkapool.autoconfigure.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.kafkapool.publisher.ConnectionProperties;

/**
 * The pool's current {@link KafkaConnection}, shared by everything that connects (bean
 * {@code kafkaPoolConnection}). Readers ask for {@link #current()} each time they connect, so that
 * when certificate reload {@linkplain #replace replaces} the connection, new connections use the
 * new material; those that hold connections open (the pool's producers, the health check's admin
 * client) are told.
 */
public final class PoolConnection {

    private final List<Consumer<KafkaConnection>> listeners = new CopyOnWriteArrayList<>();

    /** Most connections kept for {@link #delivering}: the oldest and the newest ones. */
    static final int KEPT = 16;

    private volatile KafkaConnection current;

    /**
     * The connections the pool's producers may still deliver with, oldest first, the current one
     * last: until the pool is seen on a newer one, a renewal the brokers refuse leaves it on an
     * older one. Guarded by itself.
     */
    private final List<KafkaConnection> recent = new ArrayList<>();

    public PoolConnection(KafkaConnection initial) {
        this.current = Objects.requireNonNull(initial);
        this.recent.add(initial);
    }

    /** The connection to use now. */
    public KafkaConnection current() {
        return this.current;
    }

    /** Makes {@code next} the connection of every new client, and tells the listeners. */
    public void replace(KafkaConnection next) {
        this.current = Objects.requireNonNull(next);
        synchronized (this.recent) {
            this.recent.add(next);
            if (this.recent.size() > KEPT) {
                // the oldest is the one a waiting pool stays on; those after it were superseded
                this.recent.remove(1);
            }
        }
        for (Consumer<KafkaConnection> listener : this.listeners) {
            listener.accept(next);
        }
    }

    /**
     * The connection whose {@link KafkaConnection#forProducers()} is {@code inUse} (what the pool
     * says it delivers with: {@code PooledKafkaPublisher.connectionInUse()}), for what must show
     * the certificate in use rather than the newest (the expiry gauge, health): they differ while
     * the brokers refuse renewed material. The current connection when {@code inUse} is none of
     * the recent ones. Forgets the connections older than the one found.
     */
    public KafkaConnection delivering(ConnectionProperties inUse) {
        synchronized (this.recent) {
            for (int i = this.recent.size() - 1; i >= 0; i--) {
                if (this.recent.get(i).forProducers() == inUse) {
                    KafkaConnection found = this.recent.get(i);
                    this.recent.subList(0, i).clear();
                    return found;
                }
            }
        }
        return this.current;
    }

    /** Calls {@code listener} with each connection that replaces the current one. */
    public void onReplace(Consumer<KafkaConnection> listener) {
        this.listeners.add(listener);
    }

}
