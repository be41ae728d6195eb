package dev.kafkapool.sample;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.kafkapool.testsupport.broker.KafkaCluster;

/**
 * Points the app under test at a fixture broker the way an operator would, through the
 * starter's {@code kafka.*} settings ({@code KAFKA_*} variables), and creates its topics.
 */
public final class KafkaTestProperties {

    private KafkaTestProperties() {
    }

    /** Brokers and the good client identity of {@code cluster}. */
    public static void mtls(DynamicPropertyRegistry registry, KafkaCluster cluster) {
        registry.add("kafka.brokers", cluster::bootstrapServers);
        registry.add("kafka.tls.client-ca", () -> cluster.pki().caCertificate().toString());
        registry.add("kafka.tls.client-cert", () -> cluster.pki().client().certificate().toString());
        registry.add("kafka.tls.client-key", () -> cluster.pki().client().privateKey().toString());
    }

    /** Creates {@code name} unless it exists, with topic-level {@code configs}. */
    public static void ensureTopic(KafkaCluster cluster, String name, int partitions, Map<String, String> configs) {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                .all()
                .get(30, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, ex);
            }
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Could not create topic " + name, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
