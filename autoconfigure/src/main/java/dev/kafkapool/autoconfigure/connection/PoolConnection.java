package dev.kafkapool.autoconfigure.connection;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The pool's current {@link KafkaConnection}, shared by everything that connects (bean
 * {@code kafkaPoolConnection}). Readers ask for {@link #current()} each time they connect, so that
 * when certificate reload {@linkplain #replace replaces} the connection, new connections use the
 * new material; those that hold connections open (the pool's producers, the health check's admin
 * client) are told.
 */
public final class PoolConnection {

    private final List<Consumer<KafkaConnection>> listeners = new CopyOnWriteArrayList<>();

    private volatile KafkaConnection current;

    public PoolConnection(KafkaConnection initial) {
        this.current = Objects.requireNonNull(initial);
    }

    /** The connection to use now. */
    public KafkaConnection current() {
        return this.current;
    }

    /** Makes {@code next} the connection of every new client, and tells the listeners. */
    public void replace(KafkaConnection next) {
        this.current = Objects.requireNonNull(next);
        for (Consumer<KafkaConnection> listener : this.listeners) {
            listener.accept(next);
        }
    }

    /** Calls {@code listener} with each connection that replaces the current one. */
    public void onReplace(Consumer<KafkaConnection> listener) {
        this.listeners.add(listener);
    }

}
