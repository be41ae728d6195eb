package dev.kafkapool.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.env.Environment;

/**
 * A plain Kafka producer configured only from the kafka-pool starter's settings in a Spring
 * environment ({@code kafka.brokers}, {@code kafka.tls.*}), as the starter reads them: proof that
 * those settings alone reach the cluster.
 */
final class SettingsProducer {

    private SettingsProducer() {
    }

    /** Sends one record with {@code headers} and waits for its acknowledgement. */
    static RecordMetadata send(Environment environment, String topic, String key, String value,
            Map<String, String> headers) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties(environment),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> properties(Environment environment) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("kafka.brokers"));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
        if (environment.getProperty("kafka.tls.enabled", Boolean.class, true)) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
            properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
                    read(environment.getRequiredProperty("kafka.tls.client-cert")));
            properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG,
                    read(environment.getRequiredProperty("kafka.tls.client-key")));
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            properties.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
                    read(environment.getRequiredProperty("kafka.tls.client-ca")));
        }
        return properties;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
