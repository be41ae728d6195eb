package dev.kafkapool.autoconfigure.health;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kafkapool.autoconfigure.probe.Diagnosis;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Why the brokers refuse renewed TLS material the workers could not move to, as a probe with that
 * material finds it: once per renewal, since the material does not change until the next one, and
 * logged once at WARN. A renewal changes the CA file, the certificate and the key together (a
 * cert-manager Secret): which of them is at fault only a handshake tells, not which file changed.
 */
final class RenewedMaterialProbe {

    private static final Logger logger = LoggerFactory.getLogger(RenewedMaterialProbe.class);

    private final Supplier<TlsMaterial> newest;

    private final Function<Duration, Diagnosis> doctor;

    private final String label;

    private volatile Probed last;

    private record Probed(TlsMaterial material, Diagnosis diagnosis) {
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

    /** What the brokers say to the newest material; probed when it is new to this probe. */
    Diagnosis diagnose(Duration timeout) {
        TlsMaterial material = this.newest.get();
        Probed probed = this.last;
        if (probed == null || probed.material() != material) {
            Diagnosis diagnosis = this.doctor.apply(timeout);
            probed = new Probed(material, diagnosis);
            this.last = probed;
            if (!diagnosis.isHealthy()) {
                logger.warn("{} - The renewed TLS material is not accepted: {}. {}", this.label, diagnosis.summary(),
                        diagnosis.action());
            }
        }
        return probed.diagnosis();
    }

}
