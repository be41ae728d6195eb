package dev.kafkapool.autoconfigure.probe;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.beans.factory.DisposableBean;

import dev.kafkapool.autoconfigure.StarterThreads;
import dev.kafkapool.publisher.DeliveryFailureListener;
import dev.kafkapool.publisher.KafkaMessage;

/**
 * Runs the startup diagnosis again when deliveries fail at runtime for connection reasons, or the
 * health check gets no answer from the cluster, on its own thread, and logs the verdict with the
 * action to take: at most once per {@value #MIN_INTERVAL_SECONDS} s, and sooner (after {@value #CHANGED_CAUSE_INTERVAL_SECONDS} s) on
 * an authentication failure while the latest verdict is not about the client's identity, so that a
 * broker that was down and now refuses the certificate is not explained by the earlier verdict. (A
 * refused producer's records fail by turns with the refusal and with the timeout of its metadata
 * wait: one cause, one verdict per interval.) The latest verdict
 * is kept for the health endpoint while it is recent ({@value #SHOWN_FOR_SECONDS} s).
 */
public final class RuntimeConnectionDiagnostics implements DeliveryFailureListener, DisposableBean {

    static final long MIN_INTERVAL_SECONDS = 30;

    static final long CHANGED_CAUSE_INTERVAL_SECONDS = 5;

    static final long SHOWN_FOR_SECONDS = 2 * MIN_INTERVAL_SECONDS;

    private static final Logger logger = LoggerFactory.getLogger(RuntimeConnectionDiagnostics.class);

    private final Function<Duration, Diagnosis> doctor;

    private final String label;

    private final LongSupplier nanoClock;

    private final ExecutorService executor;

    private final AtomicLong lastRunNanos;

    private final AtomicBoolean running = new AtomicBoolean();

    /** Whether the latest verdict was about this client's identity (its certificate refused, missing or expired). */
    private volatile boolean identityRefused;

    private volatile Diagnosis latest;

    /** The verdict last logged; on the diagnosis thread. */
    private String lastLogged;

    private volatile long latestNanos;

    public RuntimeConnectionDiagnostics(ConnectionDoctor doctor, String label) {
        this(doctor::diagnose, label, System::nanoTime);
    }

    RuntimeConnectionDiagnostics(Function<Duration, Diagnosis> doctor, String label, LongSupplier nanoClock) {
        this.doctor = doctor;
        this.label = label;
        // made when a failure is first heard of, perhaps on a request's thread; named by its pool
        this.executor = Executors.newSingleThreadExecutor((task) -> StarterThreads.daemon(task, label + "-diagnosis"));
        this.nanoClock = nanoClock;
        this.lastRunNanos = new AtomicLong(nanoClock.getAsLong() - Duration.ofDays(1).toNanos());
    }

    @Override
    public void onDeliveryFailure(KafkaMessage message, Throwable failure, boolean willRetry) {
        if (!(failure instanceof RetriableException || failure instanceof AuthenticationException)) {
            return;
        }
        boolean authentication = failure instanceof AuthenticationException;
        // an authentication failure the latest verdict does not explain is a changed cause; the timeouts of a refused
        // producer's metadata wait, which alternate with its refusals, are not
        long interval = (authentication && !this.identityRefused) ? CHANGED_CAUSE_INTERVAL_SECONDS
                : MIN_INTERVAL_SECONDS;
        String failed = failure.getClass().getSimpleName();
        diagnoseAtMostEvery(interval, new Symptom("Deliveries fail (" + failed + ")", "Deliveries fail",
                "the cause is in the cluster (leader election, under-replicated partitions, quotas?)", false));
    }

    /**
     * The health check got no answer from the cluster: diagnosed like a failed delivery, at most once per
     * {@value #MIN_INTERVAL_SECONDS} s, so that the health details of an idle pool say why (the admin client's
     * timeout hides whether nothing listens, the name does not resolve or the TLS handshake fails). A verdict the
     * log already has is logged again at DEBUG only: a pod left without its cluster would WARN every 30 s.
     */
    public void onClusterUnreachable() {
        String symptom = "The health check gets no answer from the cluster";
        diagnoseAtMostEvery(MIN_INTERVAL_SECONDS, new Symptom(symptom, symptom, "the cause lies past the first answer: "
                + "the addresses the brokers advertise (advertised.listeners: can this host reach them?) or what the "
                + "cluster lets this client describe (ACLs); or the broker (or this process) was paused or short of "
                + "CPU for a moment, when the next checks find it UP again", true));
    }

    /**
     * What failed, as the log line about its verdict begins.
     * @param failing the symptom, for a verdict that finds the broker answering
     * @param failed the symptom, for a verdict that finds a problem
     * @param likelyCause where to look when the broker answers
     * @param quietWhenUnchanged whether a verdict the log already has is logged at DEBUG only
     */
    private record Symptom(String failing, String failed, String likelyCause, boolean quietWhenUnchanged) {
    }

    private void diagnoseAtMostEvery(long intervalSeconds, Symptom symptom) {
        long now = this.nanoClock.getAsLong();
        long last = this.lastRunNanos.get();
        if (now - last < Duration.ofSeconds(intervalSeconds).toNanos() || !this.running.compareAndSet(false, true)) {
            return;
        }
        if (!this.lastRunNanos.compareAndSet(last, now)) {
            this.running.set(false);
            return;
        }
        this.executor.execute(() -> {
            try {
                Diagnosis diagnosis = this.doctor.apply(Duration.ofSeconds(2));
                this.latestNanos = this.nanoClock.getAsLong();
                this.latest = diagnosis;
                this.identityRefused = diagnosis.problem().isAboutClientIdentity();
                String verdict = diagnosis.isHealthy() ? "answers: " + diagnosis.broker() : diagnosis.summary();
                boolean repeated = verdict.equals(this.lastLogged);
                this.lastLogged = verdict;
                Level level = (symptom.quietWhenUnchanged() && repeated) ? Level.DEBUG : Level.WARN;
                if (diagnosis.isHealthy()) {
                    logger.atLevel(level)
                        .log("{} - {}, but {} answers over TLS and the Kafka protocol; {}", this.label, symptom.failing(),
                                diagnosis.broker(), symptom.likelyCause());
                }
                else {
                    logger.atLevel(level)
                        .log("{} - {}; diagnosis: {}. Action: {}", this.label, symptom.failed(), diagnosis.summary(),
                                diagnosis.action());
                }
            }
            catch (RuntimeException ex) {
                // a diagnosis that could not be made explains nothing; the next failures try again
                logger.debug("{} - A runtime diagnosis failed: {}", this.label, ex.toString());
            }
            finally {
                this.running.set(false);
            }
        });
    }

    /**
     * The most recent runtime diagnosis, or {@code null} if none ran in the last
     * {@value #SHOWN_FOR_SECONDS} s (an older verdict may explain a failure that is over).
     */
    public Diagnosis latest() {
        Diagnosis diagnosis = this.latest;
        if (diagnosis == null
                || this.nanoClock.getAsLong() - this.latestNanos > Duration.ofSeconds(SHOWN_FOR_SECONDS).toNanos()) {
            return null;
        }
        return diagnosis;
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }

}
