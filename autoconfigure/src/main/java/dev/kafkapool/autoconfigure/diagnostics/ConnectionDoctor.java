package dev.kafkapool.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Probes every bootstrap broker and names the connection problem, if any. Used by fail-fast at
 * startup and, at runtime, when deliveries start failing.
 */
public final class ConnectionDoctor {

    private final List<String> brokers;

    private final TlsMaterial tls;

    private volatile SSLContext sslContext;

    public ConnectionDoctor(List<String> brokers, TlsMaterial tls) {
        this.brokers = brokers.stream().map(String::trim).filter((broker) -> !broker.isEmpty()).toList();
        this.tls = tls;
    }

    /** Probes each broker, giving each at most {@code timeout} per step. */
    public List<Diagnosis> examine(Duration timeout) {
        BrokerProbe probe = new BrokerProbe(sslContext(), this.tls.clientCertificate().isPresent(),
                (int) Math.max(100, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        List<Diagnosis> diagnoses = new ArrayList<>(this.brokers.size());
        for (String broker : this.brokers) {
            Diagnosis diagnosis = probe.probe(broker);
            diagnoses.add(diagnosis);
            if (diagnosis.isHealthy()) {
                break;
            }
        }
        return diagnoses;
    }

    /**
     * One verdict for the cluster: healthy if any broker answered, else the first problem that
     * waiting cannot fix, else the first transient one.
     */
    public Diagnosis diagnose(Duration timeout) {
        List<Diagnosis> diagnoses = examine(timeout);
        return diagnoses.stream()
            .filter(Diagnosis::isHealthy)
            .findFirst()
            .or(() -> diagnoses.stream().filter((d) -> !d.problem().isTransient()).findFirst())
            .orElse(diagnoses.get(0));
    }

    private SSLContext sslContext() {
        if (this.tls.bundle() == null) {
            return null;
        }
        SSLContext context = this.sslContext;
        if (context == null) {
            context = this.tls.bundle().createSslContext();
            this.sslContext = context;
        }
        return context;
    }

}
