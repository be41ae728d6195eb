package dev.kafkapool.autoconfigure.springkafka;

import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import dev.kafkapool.autoconfigure.connection.KafkaConnection;

/**
 * The pool's TLS material as it is when it is asked for: each call reads the bundle of the
 * connection the pool's workers deliver with, which a certificate reload replaces once the brokers
 * accept the renewed material. Spring Kafka's clients are configured once, when
 * their factory is built, and Spring Boot's {@code SslBundleSslEngineFactory} asks the bundle for
 * an {@link SSLContext} for every connection they open; with this bundle a consumer that connects
 * after a reload (a broker restarted, a rebalance) shows the renewed certificate, as the pool's
 * own producers do, instead of the one the application started with.
 */
final class CurrentSslBundle implements SslBundle {

    private final Supplier<KafkaConnection> connection;

    /** @param connection the connection whose material to use, asked at each call */
    CurrentSslBundle(Supplier<KafkaConnection> connection) {
        this.connection = connection;
    }

    private SslBundle current() {
        return this.connection.get().tls().bundle();
    }

    @Override
    public SslStoreBundle getStores() {
        return current().getStores();
    }

    @Override
    public SslBundleKey getKey() {
        return current().getKey();
    }

    @Override
    public SslOptions getOptions() {
        return current().getOptions();
    }

    @Override
    public String getProtocol() {
        return current().getProtocol();
    }

    @Override
    public SslManagerBundle getManagers() {
        return current().getManagers();
    }

    /** One bundle's context: the managers and protocol of one and the same material. */
    @Override
    public SSLContext createSslContext() {
        return current().createSslContext();
    }

}
