package dev.kafkapool.autoconfigure.publisher;

import org.springframework.context.SmartLifecycle;

import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Starts the pool with the context and drains it at shutdown, after the web server has stopped
 * taking requests: its phase is below the web server's, so it starts before and stops after.
 * {@link #stop()} blocks for at most {@code kafka.shutdown-timeout}.
 */
public final class KafkaPublisherLifecycle implements SmartLifecycle {

    /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final PooledKafkaPublisher publisher;

    private volatile boolean running;

    /**
     * @param publisher the pool, or {@code null} when the bean is not the pool any more (a test's
     * {@code @MockitoBean KafkaPublisher}): then there is nothing to start or stop
     */
    public KafkaPublisherLifecycle(PooledKafkaPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void start() {
        if (this.publisher != null) {
            this.publisher.start();
        }
        this.running = true;
    }

    @Override
    public void stop() {
        try {
            if (this.publisher != null) {
                this.publisher.close();
            }
        }
        finally {
            this.running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
