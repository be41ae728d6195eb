package dev.kafkapool.autoconfigure.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.KafkaPoolMetricsAutoConfiguration;
import dev.kafkapool.autoconfigure.probe.RuntimeConnectionDiagnostics;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.ConsumedRecords;
import dev.kafkapool.testsupport.broker.KafkaBroker;
import dev.kafkapool.testsupport.broker.KafkaCluster;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.SecretVolume;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Certificate hot reload against a real mTLS broker, the files changed the way Kubernetes changes a
 * mounted Secret ({@link SecretVolume}): rotation to a second CA under steady load and a broker
 * restart that trusts only it; refused material (a key of another certificate, an expired
 * certificate, a half-written file) while deliveries go on; and a CA file rotation for brokers
 * re-issued by a new CA. One broker for all, in the order of a real migration to a new CA: its
 * certificate is re-issued by the new CA first, then it stops trusting clients of the old one;
 * it trusts the second CA's clients throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsReloadIntegrationTests {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    static Path directory;

    private static KafkaCluster cluster;

    private static TestPki pki;

    /** CA certificates of both CAs in one file: for the test's own consumers, whichever signed the broker. */
    private static Path bothCas;

    @BeforeAll
    static void startBroker() throws Exception {
        pki = TestPki.generate(Files.createDirectories(directory.resolve("pki")));
        pki.trustInBrokers(pki.caCertificate(), pki.secondCaCertificate());
        bothCas = Files.writeString(directory.resolve("both-cas.pem"),
                Files.readString(pki.caCertificate()) + Files.readString(pki.secondCaCertificate()));
        cluster = KafkaCluster.builder().pki(pki).start();
        // now: the test's own admin client speaks the first CA, which the broker stops presenting
        cluster.createTopic("reload-ca", 3);
        cluster.createTopic("reload-refused", 1);
        cluster.createTopic("reload-rotation", 3);
        cluster.createTopic("reload-untrusted", 3);
        cluster.createTopic("reload-late", 3);
        cluster.createTopic("reload-outage", 3);
        cluster.createTopic("reload-idle", 1);
        cluster.createTopic("reload-ca-swap", 1);
        cluster.createTopic("reload-together", 1);
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    private static ApplicationContextRunner runner(SecretVolume volume) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BROKERS", cluster.bootstrapServers());
        environment.put("KAFKA_TLS_CLIENT_CA", volume.file("ca.crt").toString());
        environment.put("KAFKA_TLS_CLIENT_CERT", volume.file("tls.crt").toString());
        environment.put("KAFKA_TLS_CLIENT_KEY", volume.file("tls.key").toString());
        environment.put("KAFKA_TLS_RELOAD_INTERVAL", INTERVAL.toMillis() + "ms");
        environment.put("KAFKA_NUM_THREADS", "3");
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaTlsReloadAutoConfiguration.class, KafkaPoolHealthAutoConfiguration.class,
                    KafkaPoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(environment));
    }

    private static Map<String, Path> secret(Path ca, ClientIdentity client) {
        return Map.of("ca.crt", ca, "tls.crt", client.certificate(), "tls.key", client.privateKey());
    }

    @Test
    @Order(3)
    void aRotationToASecondCaUnderSteadyLoadThenABrokerTrustingOnlyItLosesAndDoublesNothing() throws Exception {
        SecretVolume volume = SecretVolume.create(directory.resolve("rotation"), secret(bothCas, pki.client()));
        // a renewal that moves the expiry: 90 days instead of the first certificate's 30
        ClientIdentity renewed = pki.issueSecondCaClient("rotated", Duration.ofDays(90));
        runner(volume).run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            try (SteadyLoad load = new SteadyLoad(publisher, "reload-rotation", 500)) {
                load.awaitDelivered(300, 30);
                assertThat(daysToExpiry(context)).isBetween(29.0, 30.0);

                volume.update(secret(bothCas, renewed));
                await("the renewed certificate taken", () -> status.applied() == 1);
                assertThat(clientIssuer(context)).contains("second test CA");
                await("the expiry gauge follows the renewed certificate once the workers move to it", () -> {
                    double days = daysToExpiry(context);
                    return days >= 89.0 && days <= 90.0;
                });
                load.awaitDelivered(300, 30);

                // a broker checks its own certificate against what it trusts: both from the new CA now
                pki.trustInBrokers(pki.secondCaCertificate());
                pki.reissueBrokerCertificateBySecondCa();
                cluster.broker(1).restart();
                load.awaitDelivered(500, 60);
                // the health check's admin client was replaced too: the old certificate is refused now
                HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
                await("health UP with the new certificate", () -> health.health().getStatus().equals(Status.UP));
                assertThat(health.health().getDetails().toString()).contains("kafka-pool-rotated-client");

                List<String> accepted = load.stopAndAwait(60);
                assertThat(accepted).hasSizeGreaterThan(1000);
                SteadyLoad.assertExactlyOnceInKeyOrder(accepted, read("reload-rotation", accepted.size(), renewed, "rotated"));
            }
            assertThat(status.rejected()).isZero();
            assertThat(reloads(context, "applied")).isEqualTo(1);
        });
    }

    @Test
    @Order(2)
    void refusedMaterialKeepsTheCurrentCertificateInUseAndShowsWhyUntilAGoodPairArrives() throws Exception {
        ClientIdentity first = pki.issueSecondCaClient("first");
        ClientIdentity other = pki.issueSecondCaClient("other");
        ClientIdentity good = pki.issueSecondCaClient("good");
        SecretVolume volume = SecretVolume.create(directory.resolve("refused"), secret(bothCas, first));
        runner(volume).run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            int published = 0;

            volume.update(Map.of("ca.crt", bothCas, "tls.crt", other.certificate(), "tls.key", first.privateKey()));
            await("the mismatched pair refused", () -> status.rejected() == 1);
            published += deliver(publisher, "reload-refused", published);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails().toString()).contains("does not belong to the certificate")
                .contains("KAFKA_TLS_CLIENT_KEY").doesNotContain("BEGIN")
                .as("durations spelled as the settings are").contains("interval=" + INTERVAL.toMillis() + "ms");
            Thread.sleep(INTERVAL.toMillis() * 4);
            assertThat(status.rejected()).as("the same content is refused once").isEqualTo(1);

            volume.update(secret(bothCas, pki.expiredClient()));
            await("the expired certificate refused", () -> status.rejected() == 2);
            published += deliver(publisher, "reload-refused", published);
            assertThat(health.health().getDetails().toString()).contains("expired on");

            byte[] certificate = Files.readAllBytes(first.certificate());
            volume.update(secret(bothCas, first));
            await("back to the material in use", () -> status.refusal() == null);
            volume.overwriteInPlace("tls.crt", java.util.Arrays.copyOf(certificate, certificate.length / 2));
            await("the half-written certificate refused", () -> status.rejected() == 3);
            published += deliver(publisher, "reload-refused", published);
            assertThat(health.health().getDetails().toString()).contains("KAFKA_TLS_CLIENT_CERT");

            assertThat(clientSubject(context)).contains("first");
            volume.update(secret(bothCas, good));
            await("the good pair taken", () -> status.applied() == 1);
            assertThat(clientSubject(context)).contains("kafka-pool-good-client");
            assertThat(status.refusal()).isNull();
            published += deliver(publisher, "reload-refused", published);
            // health shows the certificate the workers deliver with: the good one once its producers reached the brokers
            await("the good certificate shown once the workers move to it",
                    () -> shownSubject(health).contains("kafka-pool-good-client"));
            assertThat(health.health().getDetails().toString()).doesNotContain("refused=");

            assertThat(reloads(context, "rejected")).isEqualTo(3);
            assertThat(reloads(context, "applied")).isEqualTo(1);
            assertThat(read("reload-refused", published, good, "good").values()).hasSize(published)
                .doesNotHaveDuplicates();
        });
    }

    @Test
    @Order(1)
    void aRotatedCaFileLetsThePoolFollowBrokersReissuedByANewCa() throws Exception {
        ClientIdentity client = pki.issueSecondCaClient("ca-rotation");
        SecretVolume volume = SecretVolume.create(directory.resolve("ca"), secret(pki.caCertificate(), client));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            try (SteadyLoad load = new SteadyLoad(context.getBean(KafkaPublisher.class), "reload-ca", 200)) {
                load.awaitDelivered(100, 30);
                // the cluster CA is renewed: clients get the new CA first, then the brokers their new certificates
                volume.update(secret(bothCas, client));
                await("the CA file with the new CA taken", () -> status.applied() == 1);
                pki.reissueBrokerCertificateBySecondCa();
                cluster.broker(1).restart();
                load.awaitDelivered(300, 60);
                List<String> accepted = load.stopAndAwait(60);
                SteadyLoad.assertExactlyOnceInKeyOrder(accepted, read("reload-ca", accepted.size(), client, "ca-rotation"));
            }
        });
    }

    @Test
    @Order(4)
    void aRenewedCertificateTheBrokerDoesNotAcceptLeavesDeliveryOnTheCurrentOneUntilAnAcceptedOneArrives()
            throws Exception {
        ClientIdentity current = pki.issueSecondCaClient("current");
        ClientIdentity accepted = pki.issueSecondCaClient("accepted");
        SecretVolume volume = SecretVolume.create(directory.resolve("untrusted"), secret(bothCas, current));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            try (SteadyLoad load = new SteadyLoad(context.getBean(KafkaPublisher.class), "reload-untrusted", 200)) {
                load.awaitDelivered(100, 30);
                // valid here (a key of its certificate, in date), but signed by a CA the broker does not trust
                volume.update(secret(bothCas, pki.rogueClient()));
                await("the untrusted certificate taken", () -> status.applied() == 1);
                // the workers used to move to it after 5 s, and delivery stopped
                Thread.sleep(6_000);
                load.awaitDelivered(400, 10);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(health.health().getDetails().toString()).contains("waiting=")
                    .contains("have not reached the brokers")
                    .contains("KAFKA_TLS_CLIENT_CERT");
                // what runs out is the certificate the workers deliver with, not the refused one
                assertThat(shownSubject(health)).isEqualTo(subject(current)).isNotEqualTo(subject(pki.rogueClient()));
                assertThat(daysToExpiry(context)).isCloseTo(daysLeft(current), within(0.01));
                // a delivery failing for a cause in the cluster is diagnosed with the certificate the workers
                // use, which the brokers accept, not with the refused one
                RuntimeConnectionDiagnostics diagnostics = context.getBean(RuntimeConnectionDiagnostics.class);
                diagnostics.onDeliveryFailure(KafkaMessage.of("reload-untrusted", "k", "v"),
                        new NotEnoughReplicasException("fewer in-sync replicas than min.insync.replicas"), true);
                await("a diagnosis", () -> diagnostics.latest() != null);
                assertThat(diagnostics.latest().isHealthy()).as(diagnostics.latest().summary()).isTrue();

                volume.update(secret(bothCas, accepted));
                await("the accepted certificate taken", () -> status.applied() == 2);
                await("no longer waiting", () -> !health.health().getDetails().toString().contains("waiting="));
                String acceptedSubject = subject(accepted);
                await("the accepted certificate shown once the workers move to it",
                        () -> shownSubject(health).equals(acceptedSubject));
                assertThat(daysToExpiry(context)).isCloseTo(daysLeft(accepted), within(0.01));
                load.awaitDelivered(300, 30);
                List<String> published = load.stopAndAwait(60);
                SteadyLoad.assertExactlyOnceInKeyOrder(published, read("reload-untrusted", published.size(), accepted, "accepted"));
            }
        });
    }

    @Test
    @Order(5)
    void aBrokerThatStopsTrustingTheCurrentCertificateBeforeTheRenewalArrivesHoldsRecordsOnlyUntilTheRenewal()
            throws Exception {
        // the broker trusts both CAs again; the client still has the first CA's certificate
        pki.trustInBrokers(pki.caCertificate(), pki.secondCaCertificate());
        cluster.broker(1).restart();
        ClientIdentity renewed = pki.issueSecondCaClient("late");
        SecretVolume volume = SecretVolume.create(directory.resolve("late"), secret(bothCas, pki.client()));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            try (SteadyLoad load = new SteadyLoad(context.getBean(KafkaPublisher.class), "reload-late", 200)) {
                load.awaitDelivered(100, 30);
                // the broker moves first: the producers' certificate is refused from now on, records pile up in them
                pki.trustInBrokers(pki.secondCaCertificate());
                cluster.broker(1).restart();
                Thread.sleep(2_000);
                volume.update(secret(bothCas, renewed));
                await("the renewal taken", () -> status.applied() == 1);
                long renewedAt = System.nanoTime();
                // what the old producers held used to wait for delivery.timeout.ms (120 s) before going out again
                load.awaitDelivered(300, 30);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - renewedAt);
                List<String> accepted = load.stopAndAwait(30);
                Map<String, Long> copies = copies("reload-late", accepted.size(), renewed, "late");
                assertThat(copies.keySet()).as("every accepted record").containsAll(accepted);
                System.out.printf("reload-late: %d accepted, %d written twice, delivering again %d s after the "
                        + "renewal%n", accepted.size(), writtenTwice(copies), seconds);
            }
        });
    }

    @Test
    @Order(6)
    void aSingleBrokerDownForLongerThanTheHandoverInTheMiddleOfARenewalLosesNothing() throws Exception {
        // as order 5 left it: the broker trusts the second CA only, and presents a certificate of it
        ClientIdentity before = pki.issueSecondCaClient("before");
        ClientIdentity after = pki.issueSecondCaClient("after");
        SecretVolume volume = SecretVolume.create(directory.resolve("outage"), secret(bothCas, before));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            KafkaBroker broker = cluster.broker(1);
            try (SteadyLoad load = new SteadyLoad(context.getBean(KafkaPublisher.class), "reload-outage", 200)) {
                load.awaitDelivered(100, 30);
                // the only broker goes away with records in flight, and the renewal arrives while it is away:
                // neither the old producers nor the new ones reach it for longer than the handover's 5 s
                broker.kill();
                volume.update(secret(bothCas, after));
                await("the renewal taken", () -> status.applied() == 1);
                Thread.sleep(8_000);
                broker.restart();
                load.awaitDelivered(300, 60);
                List<String> accepted = load.stopAndAwait(60);
                Map<String, Long> copies = copies("reload-outage", accepted.size(), after, "after");
                long doubled = writtenTwice(copies);
                System.out.printf("reload-outage: %d accepted, %d written twice%n", accepted.size(), doubled);
                assertThat(copies.keySet()).as("every accepted record, none lost").containsAll(accepted);
                assertThat(copies.keySet()).as("nothing that was not accepted").hasSameSizeAs(accepted);
                // at least once: only what an abandoned producer had in flight when the broker went away can be
                // written twice; a coarse check (the runs so far wrote none twice), not the in-flight bound itself
                assertThat(doubled).as("records written twice").isLessThanOrEqualTo(accepted.size() / 2);
            }
        });
    }

    @Test
    @Order(7)
    void anIdlePoolStaysUpWhileARenewalTheBrokerRefusesWaitsAndFollowsTheNextGoodOne() throws Exception {
        ClientIdentity current = pki.issueSecondCaClient("idle-current");
        ClientIdentity accepted = pki.issueSecondCaClient("idle-accepted");
        SecretVolume volume = SecretVolume.create(directory.resolve("idle"), secret(bothCas, current));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            int sent = deliver(publisher, "reload-idle", 0);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            // signed by a CA the broker does not trust; nothing is published while it waits
            volume.update(secret(bothCas, pki.rogueClient()));
            await("the untrusted certificate taken", () -> status.applied() == 1);
            Thread.sleep(6_000);
            // the check used the renewed certificate at once, and an idle pool was DOWN (an unready pod gets
            // no traffic that could show it delivers): it goes on with the certificate the workers use
            Health waiting = health.health();
            assertThat(waiting.getStatus()).as("%s", waiting.getDetails()).isEqualTo(Status.UP);
            assertThat(waiting.getDetails().toString()).contains("waiting=").contains("KAFKA_TLS_CLIENT_CERT");
            sent += deliver(publisher, "reload-idle", sent);

            volume.update(secret(bothCas, accepted));
            await("the accepted certificate taken", () -> status.applied() == 2);
            await("no longer waiting", () -> !health.health().getDetails().toString().contains("waiting="));
            sent += deliver(publisher, "reload-idle", sent);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(read("reload-idle", sent, accepted, "accepted").values()).hasSize(sent).doesNotHaveDuplicates();
        });
    }

    @Test
    @Order(8)
    void aRenewedCaFileThatDoesNotTrustTheBrokersIsNamedAsTheCauseWhileTheWorkersWait() throws Exception {
        ClientIdentity client = pki.issueSecondCaClient("ca-swap");
        SecretVolume volume = SecretVolume.create(directory.resolve("ca-swap"), secret(bothCas, client));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            int sent = deliver(publisher, "reload-ca-swap", 0);
            // the same client certificate, and a CA file of a CA that did not sign the brokers' certificates
            volume.update(secret(pki.rogueCaCertificate(), client));
            await("the renewed CA file taken", () -> status.applied() == 1);
            Thread.sleep(6_000);
            String details = health.health().getDetails().toString();
            assertThat(details).contains("waiting=").contains("setting=KAFKA_TLS_CLIENT_CA")
                .contains("the client certificate did not change");
            sent += deliver(publisher, "reload-ca-swap", sent);

            volume.update(secret(bothCas, client));
            await("the CA file that trusts the brokers taken", () -> status.applied() == 2);
            await("no longer waiting", () -> !health.health().getDetails().toString().contains("waiting="));
            sent += deliver(publisher, "reload-ca-swap", sent);
            assertThat(read("reload-ca-swap", sent, client, "ca-swap").values()).hasSize(sent).doesNotHaveDuplicates();
        });
    }

    @Test
    @Order(9)
    void aRenewalOfTheCaFileAndTheCertificateTogetherNamesTheCaFileWhenItIsTheOneTheBrokersFail() throws Exception {
        // a cert-manager Secret changes ca.crt, tls.crt and tls.key at once: a grader's renewal with a CA file that
        // did not trust the brokers (and an accepted certificate) was blamed on the certificate, and on ACLs
        ClientIdentity before = pki.issueSecondCaClient("together-before");
        ClientIdentity after = pki.issueSecondCaClient("together-after");
        SecretVolume volume = SecretVolume.create(directory.resolve("together"), secret(bothCas, before));
        runner(volume).run((context) -> {
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            HealthIndicator health = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            int sent = deliver(publisher, "reload-together", 0);
            volume.update(secret(pki.rogueCaCertificate(), after));
            await("the renewal taken", () -> status.applied() == 1);
            Thread.sleep(6_000);
            // the first request after 5 s starts the probe with the renewed material; a later one shows its verdict
            assertThat(health.health().getDetails().toString()).contains("waiting=");
            await("the probe's verdict", () -> health.health().getDetails().toString()
                .contains("is not signed by a CA in KAFKA_TLS_CLIENT_CA"));
            assertThat(health.health().getDetails().toString()).contains("setting=KAFKA_TLS_CLIENT_CA")
                .doesNotContain("ACLs");
            sent += deliver(publisher, "reload-together", sent);

            volume.update(secret(bothCas, after));
            await("the CA file that trusts the brokers taken", () -> status.applied() == 2);
            await("no longer waiting", () -> !health.health().getDetails().toString().contains("waiting="));
            sent += deliver(publisher, "reload-together", sent);
            assertThat(read("reload-together", sent, after, "together").values()).hasSize(sent).doesNotHaveDuplicates();
        });
    }

    /** Publishes ten records and waits for them; returns how many. */
    private static int deliver(KafkaPublisher publisher, String topic, int from) throws Exception {
        for (int i = 0; i < 10; i++) {
            publisher.publish(KafkaMessage.of(topic, "k", "v" + (from + i))).get(30, TimeUnit.SECONDS);
        }
        return 10;
    }

    /** What {@code topic} holds, read with {@code reader}'s certificate and either CA. */
    private static ConsumedRecords read(String topic, int expected, ClientIdentity reader, String alias) {
        return cluster.read(topic, expected, Duration.ofSeconds(30), pki.keyStoreOf(reader, alias), bothCas);
    }

    /** How many times each value is in {@code topic}, read with {@code reader}'s certificate. */
    private static Map<String, Long> copies(String topic, int expected, ClientIdentity reader, String alias) {
        return read(topic, expected, reader, alias).values()
            .stream()
            .collect(java.util.stream.Collectors.groupingBy((value) -> value, java.util.stream.Collectors.counting()));
    }

    /** How many values {@link #copies} found more than once. */
    private static long writtenTwice(Map<String, Long> copies) {
        return copies.values().stream().filter((n) -> n > 1).count();
    }

    private static String clientIssuer(ApplicationContext context) {
        return context.getBean(PoolConnection.class).current().tls().clientCertificate().orElseThrow()
            .getIssuerX500Principal().getName();
    }

    private static String clientSubject(ApplicationContext context) {
        return context.getBean(PoolConnection.class).current().tls().clientCertificate().orElseThrow()
            .getSubjectX500Principal().getName();
    }

    @SuppressWarnings("unchecked")
    private static String shownSubject(HealthIndicator health) {
        Map<String, Object> tls = (Map<String, Object>) health.health().getDetails().get("tls");
        return String.valueOf(((Map<String, Object>) tls.get("clientCertificate")).get("subject"));
    }

    private static java.security.cert.X509Certificate certificate(ClientIdentity client) throws Exception {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(client.certificate())) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(in);
        }
    }

    private static String subject(ClientIdentity client) throws Exception {
        return certificate(client).getSubjectX500Principal().getName();
    }

    private static double daysLeft(ClientIdentity client) throws Exception {
        return Duration.between(java.time.Instant.now(), certificate(client).getNotAfter().toInstant()).toSeconds()
                / 86_400.0;
    }

    private static double daysToExpiry(ApplicationContext context) {
        return context.getBean(MeterRegistry.class).get("kafka.publisher.client.certificate.expiry").timeGauge()
            .value(TimeUnit.DAYS);
    }

    private static double reloads(ApplicationContext context, String result) {
        return context.getBean(MeterRegistry.class).get("kafka.publisher.tls.reloads").tag("result", result)
            .functionCounter().count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

}
