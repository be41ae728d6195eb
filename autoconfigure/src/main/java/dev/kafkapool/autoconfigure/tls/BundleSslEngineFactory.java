package dev.kafkapool.autoconfigure.tls;

import java.security.KeyStore;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.apache.kafka.common.security.auth.SslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Kafka {@link SslEngineFactory} backed by a Spring Boot {@link SslBundle} passed in the client
 * configuration under {@link #BUNDLE_CONFIG}. Builds one {@link SSLContext} per client and keeps
 * hostname verification as Kafka asks for it ({@code ssl.endpoint.identification.algorithm},
 * HTTPS by default). Key material stays in memory: no key store file, no password in the
 * client configuration.
 */
public final class BundleSslEngineFactory implements SslEngineFactory {

    /** Client configuration key holding the {@link SslBundle}. */
    public static final String BUNDLE_CONFIG = "kafka-pool.ssl-bundle";

    private SslBundle bundle;

    private SSLContext context;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(BUNDLE_CONFIG);
        if (!(value instanceof SslBundle sslBundle)) {
            throw new IllegalStateException(BUNDLE_CONFIG + " must hold an SslBundle");
        }
        this.bundle = sslBundle;
        this.context = sslBundle.createSslContext();
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        SSLEngine engine = this.context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
        apply(this.bundle.getOptions(), parameters);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * A bundle's options on a connection's parameters, as every client of the pool's material uses
     * them (the producers, the admin clients and the connection probe): its protocols and ciphers, where
     * it names them.
     */
    public static void apply(SslOptions options, SSLParameters parameters) {
        if (options.getCiphers() != null) {
            parameters.setCipherSuites(options.getCiphers());
        }
        if (options.getEnabledProtocols() != null) {
            parameters.setProtocols(options.getEnabledProtocols());
        }
    }

    @Override
    public SSLEngine createServerSslEngine(String peerHost, int peerPort) {
        throw new UnsupportedOperationException("kafka-pool only creates client connections");
    }

    @Override
    public boolean shouldBeRebuilt(Map<String, Object> nextConfigs) {
        return nextConfigs.get(BUNDLE_CONFIG) != this.bundle;
    }

    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of(BUNDLE_CONFIG);
    }

    @Override
    public KeyStore keystore() {
        return this.bundle.getStores().getKeyStore();
    }

    @Override
    public KeyStore truststore() {
        return this.bundle.getStores().getTrustStore();
    }

    @Override
    public void close() {
        // nothing held beyond the context, which the garbage collector reclaims
    }

}
