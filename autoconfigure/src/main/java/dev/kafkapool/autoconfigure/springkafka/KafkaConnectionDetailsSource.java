package dev.kafkapool.autoconfigure.springkafka;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.ServiceConnectionSource;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;

/**
 * The application's {@link KafkaConnectionDetails} as the pool's connection: the bean a
 * Testcontainers {@code @ServiceConnection} publishes, or one the application defines (Spring Boot
 * has no Docker Compose service connection for Kafka). Spring Boot's own details built from {@code spring.kafka.*} do not count (they always
 * exist with Spring Kafka, pointing at {@code localhost:9092} by default), nor do the pool's own.
 * Its producer settings are used: brokers, security protocol and SSL bundle.
 */
final class KafkaConnectionDetailsSource implements ServiceConnectionSource {

    private static final String SPRING_KAFKA_PROPERTIES = "PropertiesKafkaConnectionDetails";

    private final ListableBeanFactory beanFactory;

    KafkaConnectionDetailsSource(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Optional<String> name() {
        List<KafkaConnectionDetails> candidates = candidates();
        return candidates.isEmpty() ? Optional.empty() : Optional.of(describe(candidates));
    }

    @Override
    public KafkaConnection connection(KafkaPoolProperties properties) {
        List<KafkaConnectionDetails> candidates = candidates();
        String context = StartupContext.describe(properties);
        if (candidates.size() != 1) {
            throw new KafkaPoolStartupException(SettingNames.BROKERS, (candidates.isEmpty() ? "no"
                    : candidates.size() + "") + " Kafka service connections (KafkaConnectionDetails beans: "
                    + describe(candidates) + ") and " + SettingNames.BROKERS + " is not set",
                    "Set " + SettingNames.BROKERS + ", or keep exactly one Kafka service connection", context, null);
        }
        KafkaConnectionDetails found = candidates.get(0);
        KafkaConnectionDetails.Configuration producer = found.getProducer();
        String name = describe(candidates);
        String protocol = (producer.getSecurityProtocol() != null)
                ? producer.getSecurityProtocol().toUpperCase(Locale.ROOT) : "PLAINTEXT";
        SslBundle bundle = producer.getSslBundle();
        TlsMaterial tls;
        if (bundle != null) {
            tls = TlsMaterial.ssl(bundle, TlsMaterialResolver.clientCertificate(bundle),
                    "security=SSL, the SSL bundle of the service connection " + name);
        }
        else if (protocol.equals("PLAINTEXT")) {
            tls = TlsMaterial.plaintext("security=PLAINTEXT, from the service connection " + name);
        }
        else {
            throw new KafkaPoolStartupException(SettingNames.BROKERS, "the Kafka service connection " + name
                    + " asks for security protocol " + protocol + " without an SSL bundle the pool could use",
                    "Give the service connection an SSL bundle, or set " + SettingNames.BROKERS + " and "
                            + SettingNames.TLS_PREFIX + "CLIENT_* instead",
                    context, null);
        }
        return KafkaConnection.of(properties, producer.getBootstrapServers(), tls);
    }

    /**
     * The application's connection details beans, by name: the pool's own is never created here
     * (it is made from the pool's connection, which asks this source first).
     */
    private List<KafkaConnectionDetails> candidates() {
        return Arrays.stream(this.beanFactory.getBeanNamesForType(KafkaConnectionDetails.class, true, false))
            .filter((name) -> !name.equals(KafkaPoolSpringKafkaAutoConfiguration.CONNECTION_DETAILS_BEAN))
            .map((name) -> this.beanFactory.getBean(name, KafkaConnectionDetails.class))
            .filter((candidate) -> !(candidate instanceof PoolKafkaConnectionDetails))
            .filter((candidate) -> !candidate.getClass().getSimpleName().equals(SPRING_KAFKA_PROPERTIES))
            .toList();
    }

    private static String describe(List<KafkaConnectionDetails> candidates) {
        return String.join(", ", candidates.stream().map((candidate) -> {
            String type = candidate.getClass().getName();
            return type.substring(type.lastIndexOf('.') + 1) + " " + candidate.getBootstrapServers();
        }).toList());
    }

}
