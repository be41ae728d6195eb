package dev.kafkapool.autoconfigure.health;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.StarterThreads;
import dev.kafkapool.publisher.PooledKafkaPublisher;

/**
 * Turns the application's liveness {@link LivenessState#BROKEN BROKEN} when the network thread of a
 * Kafka producer the pool sends with has died (a record bigger than its topic's
 * {@code max.message.bytes} in a batch with others: KAFKA-8350's endless split, which ends in a
 * {@code StackOverflowError}). Nothing is delivered through that producer any more and only a new
 * process gets a new one: {@code /actuator/health/liveness} then answers DOWN, and Kubernetes
 * restarts the container, whose shutdown reports the records the producer held (a journal keeps
 * them for the next start). Readiness alone (the {@code kafka} indicator is DOWN too) would only
 * take the pod out of its Service, for good. Looked at every {@value #CHECK_SECONDS} s, on a
 * daemon thread of its own, while the context runs.
 */
public final class DeadProducerLiveness implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DeadProducerLiveness.class);

    static final int CHECK_SECONDS = 5;

    private final PooledKafkaPublisher publisher;

    private final ApplicationEventPublisher events;

    private volatile ScheduledExecutorService checks;

    private volatile boolean broken;

    DeadProducerLiveness(PooledKafkaPublisher publisher, ApplicationEventPublisher events) {
        this.publisher = publisher;
        this.events = events;
    }

    @Override
    public void start() {
        // named by its pool: two pools in one JVM have two of these
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                (task) -> StarterThreads.daemon(task, this.publisher.config().label() + "-liveness"));
        executor.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        this.checks = executor;
    }

    /** Publishes BROKEN once, the first time a dead network thread is seen. */
    void check() {
        if (this.broken) {
            return;
        }
        List<String> dead;
        try {
            dead = this.publisher.deadProducerThreads();
        }
        catch (RuntimeException ex) {
            // a check that throws would end the schedule: the next one looks again
            logger.debug("Could not look at the producers' network threads", ex);
            return;
        }
        if (!dead.isEmpty()) {
            this.broken = true;
            logger.error("{} - Liveness is BROKEN: the Kafka producer's network thread {} has died and nothing more is "
                    + "delivered through it; /actuator/health/liveness answers DOWN so that the container is restarted "
                    + "(the records the producer held are reported as it stops, or kept by the journal)",
                    this.publisher.config().label(), String.join(", ", dead));
            AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = this.checks;
        if (executor != null) {
            executor.shutdownNow();
            this.checks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.checks != null;
    }

}
