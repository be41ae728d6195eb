package dev.kafkapool.autoconfigure.probe;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import dev.kafkapool.publisher.DeliveryFailureListener;
import dev.kafkapool.publisher.KafkaMessage;

/**
 * Runs the startup diagnosis again when deliveries fail at runtime for connection reasons, on its
 * own thread, at most once per {@value #MIN_INTERVAL_SECONDS} s, and logs the verdict with the
 * action to take. The latest verdict is kept for the health endpoint.
 */
public final class RuntimeConnectionDiagnostics implements DeliveryFailureListener, DisposableBean {

    static final long MIN_INTERVAL_SECONDS = 30;

    private static final Logger logger = LoggerFactory.getLogger(RuntimeConnectionDiagnostics.class);

    private final ConnectionDoctor doctor;

    private final String label;

    private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
        Thread thread = new Thread(task, "kafka-pool-diagnosis");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicLong lastRunNanos = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());

    private final AtomicBoolean running = new AtomicBoolean();

    private volatile Diagnosis latest;

    public RuntimeConnectionDiagnostics(ConnectionDoctor doctor, String label) {
        this.doctor = doctor;
        this.label = label;
    }

    @Override
    public void onDeliveryFailure(KafkaMessage message, Throwable failure, boolean willRetry) {
        if (!(failure instanceof RetriableException || failure instanceof AuthenticationException)) {
            return;
        }
        long now = System.nanoTime();
        long last = this.lastRunNanos.get();
        if (now - last < Duration.ofSeconds(MIN_INTERVAL_SECONDS).toNanos() || !this.lastRunNanos.compareAndSet(last, now)
                || !this.running.compareAndSet(false, true)) {
            return;
        }
        this.executor.execute(() -> {
            try {
                Diagnosis diagnosis = this.doctor.diagnose(Duration.ofSeconds(2));
                this.latest = diagnosis;
                if (diagnosis.isHealthy()) {
                    logger.warn("{} - Deliveries fail ({}), but {} answers over TLS and the Kafka protocol; the cause is "
                            + "in the cluster (leader election, under-replicated partitions, quotas?)", this.label,
                            failure.getClass().getSimpleName(), diagnosis.broker());
                }
                else {
                    logger.warn("{} - Deliveries fail; diagnosis: {}. Action: {}", this.label, diagnosis.summary(),
                            diagnosis.action());
                }
            }
            finally {
                this.running.set(false);
            }
        });
    }

    /** The most recent runtime diagnosis, or {@code null} if none ran. */
    public Diagnosis latest() {
        return this.latest;
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }

}
