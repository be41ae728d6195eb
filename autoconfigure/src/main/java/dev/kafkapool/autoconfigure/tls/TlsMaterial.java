package dev.kafkapool.autoconfigure.tls;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.SettingNames;

/**
 * How the pool's clients secure their connections: PLAINTEXT, or SSL with a checked
 * {@link SslBundle}. Holds the client certificate (for health details) and a one-line
 * description with file paths for logs, never key material.
 */
public final class TlsMaterial {

    private final SslBundle bundle;

    private final X509Certificate clientCertificate;

    private final String description;

    private final String bundleName;

    private final boolean jvmTrustStore;

    private final String filesFingerprint;

    private TlsMaterial(SslBundle bundle, X509Certificate clientCertificate, String description, String bundleName,
            boolean jvmTrustStore, String filesFingerprint) {
        this.bundle = bundle;
        this.clientCertificate = clientCertificate;
        this.description = description;
        this.bundleName = bundleName;
        this.jvmTrustStore = jvmTrustStore;
        this.filesFingerprint = filesFingerprint;
    }

    /** No TLS at all ({@code KAFKA_TLS_ENABLED=false}). */
    public static TlsMaterial plaintext() {
        return plaintext("security=PLAINTEXT (TLS disabled by " + SettingNames.TLS_ENABLED + "=false)");
    }

    /** No TLS, for the reason {@code description} gives. */
    public static TlsMaterial plaintext(String description) {
        return new TlsMaterial(null, null, description, null, false, null);
    }

    /**
     * TLS with {@code bundle} made from the {@code KAFKA_TLS_CLIENT_*} files; {@code clientCertificate}
     * is {@code null} without client authentication.
     */
    public static TlsMaterial ssl(SslBundle bundle, X509Certificate clientCertificate, String description) {
        return new TlsMaterial(bundle, clientCertificate, description, null, false, null);
    }

    /**
     * TLS with {@code bundle} made from the {@code KAFKA_TLS_CLIENT_*} files without a CA file: the
     * brokers are checked against the JVM's default trust store.
     */
    public static TlsMaterial sslTrustingTheJvmDefaults(SslBundle bundle, X509Certificate clientCertificate,
            String description) {
        return new TlsMaterial(bundle, clientCertificate, description, null, true, null);
    }

    /** TLS with the application's SSL bundle {@code bundleName} ({@code KAFKA_TLS_BUNDLE}). */
    public static TlsMaterial fromSslBundle(String bundleName, SslBundle bundle, X509Certificate clientCertificate,
            String description) {
        return new TlsMaterial(bundle, clientCertificate, description, bundleName, false, null);
    }

    /**
     * This material as made from PEM file content with {@code fingerprint} ({@link TlsFileContents#fingerprint}):
     * what a reload compares the files with later.
     */
    TlsMaterial readFrom(String fingerprint) {
        return new TlsMaterial(this.bundle, this.clientCertificate, this.description, this.bundleName,
                this.jvmTrustStore, fingerprint);
    }

    /**
     * The {@link TlsFiles#fingerprint} of the PEM file content this material was made from, or {@code null}
     * when it does not come from the files (a bundle, no TLS).
     */
    public String filesFingerprint() {
        return this.filesFingerprint;
    }

    /** {@code SSL} or {@code PLAINTEXT}. */
    public String securityProtocol() {
        return (this.bundle != null) ? "SSL" : "PLAINTEXT";
    }

    /** The bundle, or {@code null} for PLAINTEXT. */
    public SslBundle bundle() {
        return this.bundle;
    }

    /**
     * The name of the application's SSL bundle this material is, or {@code null} when it comes from the
     * PEM files (or there is no TLS): reports then name the bundle rather than the files' variables.
     */
    public String sslBundleName() {
        return this.bundleName;
    }

    /** Whether the brokers are checked against the JVM's default trust store ({@code KAFKA_TLS_CLIENT_CA} unset). */
    public boolean trustsTheJvmDefaults() {
        return this.jvmTrustStore;
    }

    /** The client certificate presented to the brokers, if any. */
    public Optional<X509Certificate> clientCertificate() {
        return Optional.ofNullable(this.clientCertificate);
    }

    /** For logs: protocol and where the material comes from. */
    public String description() {
        return this.description;
    }

    /** Kafka client settings for this material: security protocol and the SSL engine factory. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol());
        if (this.bundle != null) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, BundleSslEngineFactory.class);
            properties.put(BundleSslEngineFactory.BUNDLE_CONFIG, this.bundle);
        }
        return properties;
    }

}
