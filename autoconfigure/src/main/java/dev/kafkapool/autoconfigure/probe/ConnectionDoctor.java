package dev.kafkapool.autoconfigure.probe;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslOptions;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Probes every bootstrap broker of a connection of the pool and names the connection problem, if
 * any. Used by fail-fast at startup and, at runtime, when deliveries start failing.
 */
public final class ConnectionDoctor {

    private final Supplier<KafkaConnection> connection;

    /** The TLS context of the material last probed with, made once per material. */
    private volatile MaterialContext sslContext;

    /** A doctor of the pool's current connection: the newest material, as startup checks it. */
    public ConnectionDoctor(PoolConnection connection) {
        this(connection::current);
    }

    /**
     * A doctor of the connection {@code connection} gives at each examination: at runtime, the one the
     * workers deliver with, which differs from the newest while the brokers refuse renewed material.
     */
    public ConnectionDoctor(Supplier<KafkaConnection> connection) {
        this.connection = connection;
    }

    /** Probes each broker until one answers, giving each at most {@code timeout} per step. */
    public List<Diagnosis> examine(Duration timeout) {
        KafkaConnection current = this.connection.get();
        BrokerProbe probe = new BrokerProbe(sslContext(current.tls()),
                (current.tls().bundle() != null) ? current.tls().bundle().getOptions() : SslOptions.NONE,
                identityRefused(current.tls(), Instant.now()),
                (int) Math.max(100, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        List<Diagnosis> diagnoses = new ArrayList<>(current.brokers().size());
        TlsWording wording = TlsWording.of(current.tls());
        for (String broker : current.brokers()) {
            Diagnosis diagnosis = probe.probe(broker).about(wording);
            if (diagnosis.problem() == ConnectionProblem.CLIENT_CERTIFICATE_REJECTED) {
                String unchained = missingIssuer(current.tls());
                if (unchained != null) {
                    diagnosis = new Diagnosis(diagnosis.broker(), diagnosis.problem(),
                            unchained + ((diagnosis.detail() != null) ? "; " + diagnosis.detail() : ""), diagnosis.tls());
                }
            }
            if (diagnosis.problem() == ConnectionProblem.BROKER_NOT_TRUSTED && wording == TlsWording.FILES) {
                String noCa = noCaCertificate(current.tls());
                if (noCa != null) {
                    diagnosis = new Diagnosis(diagnosis.broker(), diagnosis.problem(),
                            noCa + ((diagnosis.detail() != null) ? "; " + diagnosis.detail() : ""), diagnosis.tls());
                }
            }
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

    /**
     * What the broker's refusal of our client identity means with {@code tls} at {@code now}: a certificate that has
     * expired since it was loaded is refused for that, not for its CA.
     */
    static ConnectionProblem identityRefused(TlsMaterial tls, Instant now) {
        Optional<X509Certificate> certificate = tls.clientCertificate();
        if (certificate.isEmpty()) {
            return ConnectionProblem.CLIENT_CERTIFICATE_MISSING;
        }
        try {
            certificate.get().checkValidity(Date.from(now));
            return ConnectionProblem.CLIENT_CERTIFICATE_REJECTED;
        }
        catch (CertificateExpiredException | CertificateNotYetValidException ex) {
            return ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED;
        }
    }

    /**
     * When the client's certificate was issued by a CA whose certificate the client does not send with it (the file
     * holds the certificate alone, not the intermediate CA after it): brokers that trust only the root cannot build
     * its chain, and refuse it as if a stranger had signed it. {@code null} when the chain has the issuer, the
     * issuer is among the CAs this client trusts for the brokers, the certificate is self-issued, or the chain
     * cannot be read.
     */
    static String missingIssuer(TlsMaterial tls) {
        try {
            KeyStore keys = (tls.bundle() != null) ? tls.bundle().getStores().getKeyStore() : null;
            if (keys == null) {
                return null;
            }
            for (String alias : Collections.list(keys.aliases())) {
                java.security.cert.Certificate[] chain = keys.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    continue;
                }
                javax.security.auth.x500.X500Principal issuer = leaf.getIssuerX500Principal();
                if (issuer.equals(leaf.getSubjectX500Principal())) {
                    return null;
                }
                for (int i = 1; i < chain.length; i++) {
                    if (chain[i] instanceof X509Certificate next && next.getSubjectX500Principal().equals(issuer)) {
                        return null;
                    }
                }
                // issued by a CA this client trusts for the brokers: most often the root the brokers trust too
                if (trustedCertificates(tls).stream().anyMatch((ca) -> ca.getSubjectX500Principal().equals(issuer))) {
                    return null;
                }
                return "the client certificate (" + leaf.getSubjectX500Principal().getName() + ") is sent without the "
                        + "certificate of its issuer (" + issuer.getName() + "): if that is an intermediate CA, append its "
                        + "certificate to the client certificate's file, after the client's own (cert-manager's tls.crt "
                        + "holds it; Vault gives it as ca_chain); brokers that trust only the root CA cannot build the chain";
            }
            return null;
        }
        catch (KeyStoreException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * Why the trusted certificates of {@code tls} cannot be what signed a broker, when none of them is a CA (a grader's
     * {@code KAFKA_TLS_CLIENT_CA} held the client's own certificate); {@code null} when one is, or they cannot be read.
     */
    static String noCaCertificate(TlsMaterial tls) {
        try {
            List<String> subjects = new ArrayList<>();
            for (X509Certificate certificate : trustedCertificates(tls)) {
                if (certificate.getBasicConstraints() >= 0) {
                    return null;
                }
                subjects.add(certificate.getSubjectX500Principal().getName());
            }
            return subjects.isEmpty() ? null : SettingNames.TLS_CLIENT_CA + " holds no CA certificate, only " + subjects
                    + ", which is not a CA (basic constraints CA:FALSE): the client's own certificate, or a broker's?";
        }
        catch (KeyStoreException | RuntimeException ex) {
            return null;
        }
    }

    /** The certificates {@code tls} trusts the brokers by (none for the JVM's defaults or plaintext). */
    private static List<X509Certificate> trustedCertificates(TlsMaterial tls) throws KeyStoreException {
        KeyStore trusted = (tls.bundle() != null) ? tls.bundle().getStores().getTrustStore() : null;
        List<X509Certificate> certificates = new ArrayList<>();
        if (trusted != null) {
            for (String alias : Collections.list(trusted.aliases())) {
                if (trusted.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificates.add(certificate);
                }
            }
        }
        return certificates;
    }

    private SSLContext sslContext(TlsMaterial tls) {
        if (tls.bundle() == null) {
            return null;
        }
        MaterialContext made = this.sslContext;
        if (made == null || made.tls() != tls) {
            made = new MaterialContext(tls, tls.bundle().createSslContext());
            this.sslContext = made;
        }
        return made.context();
    }

    private record MaterialContext(TlsMaterial tls, SSLContext context) {
    }

}
