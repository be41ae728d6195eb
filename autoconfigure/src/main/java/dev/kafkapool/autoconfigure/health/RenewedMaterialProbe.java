package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.autoconfigure.StarterThreads;
import dev.kafkapool.autoconfigure.probe.Diagnosis;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Why the brokers refuse renewed TLS material the workers could not move to, as a probe with that
 * material finds it: once per renewal (in the background: a health request does not wait for it),
 * since the material does not change until the next one, and logged once at WARN. A renewal changes the CA file, the certificate and the key together (a
 * cert-manager Secret): which of them is at fault only a handshake tells, not which file changed.
 */
final class RenewedMaterialProbe {

    private static final Logger logger = LoggerFactory.getLogger(RenewedMaterialProbe.class);

    private final Supplier<TlsMaterial> newest;

    private final Function<Duration, Diagnosis> doctor;

    private final String label;

    /**
     * A verdict that the brokers could not be reached says nothing about the material: the material is probed again,
     * at most this often, until the brokers answer (a Strimzi CA renewal rolls the brokers while the Secret changes).
     */
    static final long REPROBE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * The newest material probed, the probe's verdict once it is in ({@code null} while it runs), and when it
     * began ({@link System#nanoTime()}).
     */
    private volatile Probed last;

    private record Probed(TlsMaterial material, Diagnosis diagnosis, long began) {

        /**
         * Whether this answers for {@code material} now: the same material, and a verdict about it (the handshake
         * taken, or refused for a reason of the material), or a probe begun less than {@link #REPROBE_NANOS} ago.
         */
        boolean answers(TlsMaterial material, long now) {
            return this.material == material && (now - this.began < REPROBE_NANOS || (this.diagnosis != null
                    && (this.diagnosis.isHealthy() || !this.diagnosis.problem().isTransient())));
        }

    }

    /**
     * @param newest the newest material (the one the workers wait to move to)
     * @param doctor a probe of the brokers with the newest material, given a timeout per step
     */
    RenewedMaterialProbe(Supplier<TlsMaterial> newest, Function<Duration, Diagnosis> doctor, String label) {
        this.newest = newest;
        this.doctor = doctor;
        this.label = label;
    }

    /**
     * What the brokers say to the newest material, or {@code null} while nobody knows yet: the first call for a
     * material starts the probe on a thread of its own and does not wait for it (a health request must not take a
     * handshake's timeout per broker, nor start a probe of its own beside another's). A verdict that the brokers
     * could not be reached is probed again, at most every {@link #REPROBE_NANOS} ns, until they answer.
     */
    Diagnosis diagnose(Duration timeout) {
        TlsMaterial material = this.newest.get();
        long now = System.nanoTime();
        Diagnosis previous;
        synchronized (this) {
            Probed probed = this.last;
            if (probed != null && probed.answers(material, now)) {
                return probed.diagnosis();
            }
            // the brokers did not answer the last probe of this material: its verdict stays until the next one's
            previous = (probed != null && probed.material() == material) ? probed.diagnosis() : null;
            this.last = new Probed(material, previous, now);
        }
        // perhaps on a health check's request thread
        StarterThreads.daemon(() -> probe(material, timeout, now), "kafka-pool-renewal-probe").start();
        return previous;
    }

    private void probe(TlsMaterial material, Duration timeout, long began) {
        Diagnosis diagnosis;
        try {
            diagnosis = this.doctor.apply(timeout);
        }
        catch (RuntimeException ex) {
            logger.debug("Could not probe the brokers with the renewed TLS material", ex);
            return;
        }
        synchronized (this) {
            Probed probed = this.last;
            if (probed == null || probed.material() != material || probed.began() != began) {
                // a newer renewal came meanwhile: its own probe says what the workers wait for
                return;
            }
            this.last = new Probed(material, diagnosis, began);
        }
        // a broker that is away says nothing about the material, and the details show it as such
        if (!diagnosis.isHealthy() && !diagnosis.problem().isTransient()) {
            logger.warn("{} - The renewed TLS material is not accepted: {}. {}", this.label, diagnosis.summary(),
                    diagnosis.action());
        }
    }

}
