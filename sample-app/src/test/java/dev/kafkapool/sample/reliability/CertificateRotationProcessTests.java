package dev.kafkapool.sample.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.testsupport.broker.ConsumedRecords;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.SecretVolume;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificate hot reload in a real app process: under 500 records/s over HTTP, the mounted Secret
 * is swapped to a client certificate of a second CA (the way the kubelet swaps {@code ..data}),
 * then the broker restarts presenting and trusting only that CA. Every record answered 202 is in
 * Kafka exactly once, and the app never restarted.
 */
@Tag("reliability")
class CertificateRotationProcessTests {

    private static final List<String> JVM = List.of("-Xmx384m");

    private static final Pattern APPLIED = Pattern
        .compile("(?m)^kafka_publisher_tls_reloads_total\\{[^}]*result=\"applied\"[^}]*} ([0-9.E]+)$");

    @TempDir
    Path directory;

    @Test
    void aSecretRotationToANewCaAndABrokerRestartTrustingOnlyItLoseAndDoubleNothing() throws Exception {
        TestPki pki = TestPki.generate(Files.createDirectories(this.directory.resolve("pki")));
        pki.trustInBrokers(pki.caCertificate(), pki.secondCaCertificate());
        Path bothCas = Files.writeString(this.directory.resolve("both-cas.pem"),
                Files.readString(pki.caCertificate()) + Files.readString(pki.secondCaCertificate()));
        ClientIdentity renewed = pki.issueSecondCaClient("renewed");
        String topic = "reliability-tls-rotation";
        try (KafkaCluster cluster = KafkaCluster.builder().pki(pki).start()) {
            cluster.createTopic(topic, 3);
            SecretVolume volume = SecretVolume.create(this.directory.resolve("secret"), Map.of("ca.crt", bothCas,
                    "tls.crt", pki.client().certificate(), "tls.key", pki.client().privateKey()));
            LoadGenerator load;
            try (AppProcess app = AppProcess.start(cluster, JVM, "KAFKA_TOPICS=" + topic,
                    "KAFKA_TLS_CLIENT_CA=" + volume.file("ca.crt"), "KAFKA_TLS_CLIENT_CERT=" + volume.file("tls.crt"),
                    "KAFKA_TLS_CLIENT_KEY=" + volume.file("tls.key"), "KAFKA_TLS_RELOAD_INTERVAL=500ms",
                    "MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS=always")) {
                long pid = app.pid();
                load = new LoadGenerator(app.port(), topic, 10, 32, "rot-");
                LoadGenerator running = load;
                // 50 requests of 10 records per second
                Thread traffic = new Thread(() -> running.run(50, Duration.ofSeconds(14)));
                traffic.start();
                LoadGenerator.sleep(3_000);

                volume.update(Map.of("ca.crt", bothCas, "tls.crt", renewed.certificate(), "tls.key", renewed.privateKey()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (applied(app) < 1 && System.nanoTime() < deadline) {
                    LoadGenerator.sleep(100);
                }
                assertThat(applied(app)).as("reloads applied").isEqualTo(1);
                // health shows the certificate the workers deliver with: the renewed one once its new producers
                // have reached the brokers, which takes a handshake after the reload is applied
                String health = app.body("/actuator/health/kafka");
                long moved = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!health.contains("kafka-pool-renewed-client") && System.nanoTime() < moved) {
                    LoadGenerator.sleep(100);
                    health = app.body("/actuator/health/kafka");
                }
                assertThat(health).contains("kafka-pool-renewed-client").contains("second test CA");

                LoadGenerator.sleep(2_000);
                pki.trustInBrokers(pki.secondCaCertificate());
                pki.reissueBrokerCertificateBySecondCa();
                cluster.broker(1).restart();
                traffic.join();
                // 202 means queued: wait for the broker's acknowledgements before the process ends
                long accepted = load.accepted().size();
                long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (SigtermTests.value(app.body("/actuator/prometheus"), "kafka_publisher_published_total") < accepted
                        && System.nanoTime() < drained) {
                    LoadGenerator.sleep(200);
                }
                assertThat(app.pid()).isEqualTo(pid);
                assertThat(app.output()).doesNotContain("PRIVATE KEY-----");
            }
            Set<String> accepted = load.accepted();
            ConsumedRecords consumed = cluster.read(topic, accepted.size(), Duration.ofSeconds(60),
                    pki.keyStoreOf(renewed, "renewed"), bothCas);
            List<String> keys = consumed.keys();
            Set<String> unique = new HashSet<>(keys);
            System.out.printf("[reliability] certificate rotation at 500 records/s, then a broker restart trusting only "
                    + "the new CA: sent=%d accepted=%d consumed=%d duplicates=%d; %s%n", load.sentRecords(),
                    accepted.size(), keys.size(), keys.size() - unique.size(), load.timeline());
            assertThat(accepted).hasSizeGreaterThan(5_000);
            assertThat(unique).as("every record answered 202 is in Kafka").containsAll(accepted);
            assertThat(keys).as("none twice").hasSize(unique.size());
        }
    }

    private static long applied(AppProcess app) {
        Matcher matcher = APPLIED.matcher(app.body("/actuator/prometheus"));
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }

}
