package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.springkafka.KafkaPoolSpringKafkaAutoConfiguration;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configured pool publishing over mTLS to a real broker; what arrives is consumed and compared. */
class KafkaPublisherIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
        .of(SslAutoConfiguration.class, KafkaPublisherAutoConfiguration.class, KafkaPoolSpringKafkaAutoConfiguration.class));

    @Test
    void twentyThousandMessagesFromEightThreadsArriveExactlyOnceInKeyOrder() throws Exception {
        String topic = "pool-20k";
        cluster.createTopic(topic, 6);
        int threads = 8;
        int perThread = 2500;
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                KafkaPoolTestEnvironment.with(KafkaPoolTestEnvironment.mtls(cluster), "KAFKA_NUM_THREADS=4")))
            .run((context) -> {
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                ExecutorService callers = Executors.newFixedThreadPool(threads);
                List<Future<List<CompletableFuture<Delivery>>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(callers.submit(() -> {
                        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            // key = caller thread: each key's values must arrive in sequence order
                            futures.add(publisher.publish(KafkaMessage.of(topic, "key-" + thread, thread + ":" + i)));
                        }
                        return futures;
                    }));
                }
                for (Future<List<CompletableFuture<Delivery>>> result : results) {
                    for (CompletableFuture<Delivery> future : result.get(60, TimeUnit.SECONDS)) {
                        future.get(60, TimeUnit.SECONDS);
                    }
                }
                callers.shutdown();
                assertThat(publisher.stats().published()).isEqualTo(threads * perThread);
            });

        List<ConsumerRecord<String, String>> records = cluster.consume(topic, threads * perThread, Duration.ofSeconds(60));
        assertThat(records).hasSize(threads * perThread);
        assertThat(records.stream().map(ConsumerRecord::value).distinct().count()).isEqualTo(threads * perThread);
        Map<String, List<Integer>> sequencesByKey = records.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping((record) -> Integer.parseInt(record.value().split(":")[1]), Collectors.toList())));
        assertThat(sequencesByKey).hasSize(threads);
        sequencesByKey.forEach((key, sequences) -> assertThat(sequences).as("order of %s", key).isSorted().hasSize(perThread));
    }

    static Stream<Arguments> clientKeyFormats() {
        TestPki pki = cluster.pki();
        return Stream.of(Arguments.of("pkcs8", pki.client()), Arguments.of("pkcs1", pki.pkcs1Client()),
                Arguments.of("ec", pki.ecClient()), Arguments.of("encrypted", pki.encryptedKeyClient()));
    }

    @ParameterizedTest(name = "{0} key")
    @MethodSource("clientKeyFormats")
    void everySupportedKeyFormatPublishesOverMtls(String format, ClientIdentity client) {
        String topic = "pool-key-" + format;
        cluster.createTopic(topic, 1);
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster, client)))
            .run((context) -> {
                Delivery delivery = context.getBean(KafkaPublisher.class)
                    .publish(KafkaMessage.of(topic, "k", format))
                    .get(30, TimeUnit.SECONDS);
                assertThat(delivery.topic()).isEqualTo(topic);
            });
        assertThat(cluster.consume(topic, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly(format);
    }

    @Test
    void anEnvFileWrittenForRustKafkaThreadpoolStartsAndPublishesUnchanged() {
        String topic = "pool-rust-env";
        cluster.createTopic(topic, 1);
        Map<String, Object> rustEnv = new HashMap<>();
        rustEnv.put("KAFKA_ENABLED", "1");
        rustEnv.put("KAFKA_LOG_LABEL", "rust-compat");
        rustEnv.put("KAFKA_BROKERS", cluster.bootstrapServers());
        rustEnv.put("KAFKA_TOPICS", topic);
        rustEnv.put("KAFKA_PUBLISH_RETRY_INTERVAL_SEC", "1.0");
        rustEnv.put("KAFKA_PUBLISH_IDLE_INTERVAL_SEC", "0.5");
        rustEnv.put("KAFKA_NUM_THREADS", "5");
        rustEnv.put("KAFKA_TLS_CLIENT_CA", cluster.pki().caCertificate().toString());
        rustEnv.put("KAFKA_TLS_CLIENT_CERT", cluster.pki().client().certificate().toString());
        rustEnv.put("KAFKA_TLS_CLIENT_KEY", cluster.pki().client().privateKey().toString());
        rustEnv.put("KAFKA_METADATA_COUNT_MSG_OFFSETS", "true");
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(rustEnv)).run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            assertThat(publisher.stats().workers()).isEqualTo(5);
            publisher.publish(KafkaMessage.of(topic, "rust", "compatible")).get(30, TimeUnit.SECONDS);
        });
        assertThat(cluster.consume(topic, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly("compatible");
    }

    @Test
    void aSpringBootSslBundleNamedByKafkaTlsBundleIsUsedInsteadOfFiles() {
        String topic = "pool-ssl-bundle";
        cluster.createTopic(topic, 1);
        TestPki pki = cluster.pki();
        this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                    Map.of("KAFKA_BROKERS", cluster.bootstrapServers(), "KAFKA_TLS_BUNDLE", "kafka-client")))
            .withPropertyValues("spring.ssl.bundle.pem.kafka-client.keystore.certificate=file:" + pki.client().certificate(),
                    "spring.ssl.bundle.pem.kafka-client.keystore.private-key=file:" + pki.client().privateKey(),
                    "spring.ssl.bundle.pem.kafka-client.truststore.certificate=file:" + pki.caCertificate())
            .run((context) -> context.getBean(KafkaPublisher.class)
                .publish(KafkaMessage.of(topic, "k", "bundle"))
                .get(30, TimeUnit.SECONDS));
        assertThat(cluster.consume(topic, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
            .containsExactly("bundle");
    }

    @Test
    void headersAndBinaryValuesArriveAsSent() throws Exception {
        String topic = "pool-headers";
        cluster.createTopic(topic, 1);
        byte[] value = { 0, 1, 2, (byte) 0xff };
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> context.getBean(KafkaPublisher.class)
                .publish(KafkaMessage.builder(topic).key("k").value(value).header("trace", "abc").build())
                .get(30, TimeUnit.SECONDS));
        ConsumerRecord<String, byte[]> record = cluster.consumeBytes(topic, 1, Duration.ofSeconds(30)).get(0);
        assertThat(record.value()).containsExactly(value);
        assertThat(new String(record.headers().lastHeader("trace").value())).isEqualTo("abc");
    }

}
