package dev.kafkapool.autoconfigure.reload;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.testsupport.pki.ClientIdentity;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** When certificate reload is on; no broker (a closed port), no fail-fast. */
class KafkaTlsReloadAutoConfigurationTests {

    private static final TestPki pki = TestPki.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaTlsReloadAutoConfiguration.class))
        .withPropertyValues("kafka.brokers=localhost:1", "kafka.tls.client-ca=" + pki.caCertificate(),
                "kafka.tls.client-cert=" + pki.client().certificate(),
                "kafka.tls.client-key=" + pki.client().privateKey());

    @Test
    void withThePemFilesTheFilesAreWatchedByDefault() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(TlsFileReloader.class).hasSingleBean(TlsReloadStatus.class);
            assertThat(context.getBean(TlsFileReloader.class).isRunning()).isTrue();
            assertThat(context.getBean(TlsReloadStatus.class).interval()).hasSeconds(30);
        });
    }

    @Test
    void brokersGivenAsAYamlListAreBrokersToo() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaTlsReloadAutoConfiguration.class))
            .withPropertyValues("kafka.brokers[0]=localhost:1", "kafka.tls.client-ca=" + pki.caCertificate(),
                    "kafka.tls.client-cert=" + pki.client().certificate(),
                    "kafka.tls.client-key=" + pki.client().privateKey())
            .run((context) -> assertThat(context).hasSingleBean(TlsFileReloader.class));
    }

    @Test
    void theIntervalIsTakenFromTheSetting() {
        this.runner.withPropertyValues("kafka.tls.reload-interval=2m")
            .run((context) -> assertThat(context.getBean(TlsReloadStatus.class).interval()).hasMinutes(2));
    }

    @Test
    void aHealthTimeoutOfZeroOrLessOrANegativeCacheTtlStopsStartupNamingTheVariable() {
        // accepted before: health then answered DOWN forever, blaming the cluster
        for (String timeout : new String[] { "0s", "-1s" }) {
            this.runner.withPropertyValues("kafka.health.timeout=" + timeout)
                .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                    .as(timeout)
                    .hasMessageContaining("KAFKA_HEALTH_TIMEOUT")
                    .hasMessageContaining("must be a positive duration"));
        }
        this.runner.withPropertyValues("kafka.health.cache-ttl=-1s")
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining("KAFKA_HEALTH_CACHE_TTL"));
        this.runner.withPropertyValues("kafka.health.cache-ttl=0s")
            .run((context) -> assertThat(context).as("no reuse: every request checks").hasNotFailed());
    }

    @Test
    void anIntervalUnderATenthOfASecondStopsStartupNamingTheVariable() {
        // 1ms was taken: the files were read and hashed a thousand times a second, 7 % of a core
        for (String interval : new String[] { "0s", "-5s", "1ms", "99ms" }) {
            this.runner.withPropertyValues("kafka.tls.reload-interval=" + interval)
                .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                    .as(interval)
                    .hasMessageContaining("KAFKA_TLS_RELOAD_INTERVAL")
                    .hasMessageContaining("must be at least 100ms"));
        }
        this.runner.withPropertyValues("kafka.tls.reload-interval=100ms")
            .run((context) -> assertThat(context).hasNotFailed());
        this.runner.withPropertyValues("kafka.tls.reload=false", "kafka.tls.reload-interval=0s")
            .run((context) -> assertThat(context).as("reload off: the interval is not used").hasNotFailed());
    }

    @Test
    void aReloadedSslBundleWhoseKeyIsNotItsCertificatesIsRefusedAndTheCurrentMaterialStays() {
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry("kafka", bundle(pki.client()));
        bundleRunner(registry).run((context) -> {
            PoolConnection connection = context.getBean(PoolConnection.class);
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            KafkaConnection before = connection.current();

            registry.updateBundle("kafka", bundle(pki.mismatchedKeyClient()));
            assertThat(status.rejected()).isEqualTo(1);
            assertThat(status.applied()).isZero();
            assertThat(status.refusal().setting()).isEqualTo("KAFKA_TLS_BUNDLE");
            assertThat(status.refusal().problem()).contains("does not belong to its certificate");
            // the fix names the bundle's own properties, not a spring.ssl.bundle.*.kafka wildcard
            assertThat(status.refusal().action()).contains("spring.ssl.bundle.pem.kafka.keystore");
            assertThat(connection.current()).as("the current material stays").isSameAs(before);

            registry.updateBundle("kafka", bundle(pki.expiredClient()));
            assertThat(status.rejected()).isEqualTo(2);
            assertThat(status.refusal().problem()).contains("is not valid now");

            registry.updateBundle("kafka", bundle(pki.ecClient()));
            assertThat(status.applied()).isEqualTo(1);
            assertThat(connection.current().tls().clientCertificate().orElseThrow().getSubjectX500Principal()
                .getName()).contains("kafka-pool-ec-client");
        });
    }

    @Test
    void aReloadedSslBundleWhoseFilesDoNotParseIsRefusedCountedAndShownAndTheCurrentMaterialStays(
            @TempDir Path directory) throws Exception {
        // the parse failure escaped to Spring's file watcher: not counted, not shown, no report of the pool's
        Path empty = Files.createFile(directory.resolve("half-written.crt"));
        Path garbage = Files.writeString(directory.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry("kafka", bundle(pki.client()));
        bundleRunner(registry).run((context) -> {
            PoolConnection connection = context.getBean(PoolConnection.class);
            TlsReloadStatus status = context.getBean(TlsReloadStatus.class);
            KafkaConnection before = connection.current();

            registry.updateBundle("kafka", bundleWithCertificate(empty, pki.client()));
            assertThat(status.rejected()).isEqualTo(1);
            assertThat(status.refusal().setting()).isEqualTo("KAFKA_TLS_BUNDLE");
            assertThat(status.refusal().problem()).contains("SSL bundle 'kafka' cannot be read");
            assertThat(status.refusal().action()).startsWith("Give spring.ssl.bundle.pem.kafka a whole");
            assertThat(connection.current()).as("the current material stays").isSameAs(before);

            registry.updateBundle("kafka", bundleWithCertificate(garbage, pki.client()));
            assertThat(status.rejected()).isEqualTo(2);
            assertThat(connection.current()).isSameAs(before);

            registry.updateBundle("kafka", bundle(pki.ecClient()));
            assertThat(status.applied()).isEqualTo(1);
            assertThat(connection.current()).isNotSameAs(before);
        });
    }

    @Test
    void anSslBundleWhoseKeyIsNotItsCertificatesStopsStartupNamingTheVariable() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaTlsReloadAutoConfiguration.class))
            .withBean(SslBundles.class, () -> new DefaultSslBundleRegistry("kafka", bundle(pki.mismatchedKeyClient())))
            .withPropertyValues("kafka.brokers=localhost:1", "kafka.tls.bundle=kafka")
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining("KAFKA_TLS_BUNDLE")
                .hasMessageContaining("does not belong to its certificate"));
    }

    /** A pool whose TLS material is the SSL bundle {@code kafka} of {@code registry}, which the test updates. */
    private static ApplicationContextRunner bundleRunner(DefaultSslBundleRegistry registry) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaTlsReloadAutoConfiguration.class))
            .withBean(SslBundles.class, () -> registry)
            .withPropertyValues("kafka.brokers=localhost:1", "kafka.tls.bundle=kafka");
    }

    private static SslBundle bundleWithCertificate(Path certificate, ClientIdentity client) {
        return SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("file:" + certificate).withPrivateKey("file:" + client.privateKey()),
                PemSslStoreDetails.forCertificate("file:" + pki.caCertificate())));
    }

    private static SslBundle bundle(ClientIdentity client) {
        return bundleWithCertificate(client.certificate(), client);
    }

    @Test
    void reloadOffInAnySpellingWatchesNothing() {
        for (String off : new String[] { "false", "0", "OFF", "no" }) {
            this.runner.withPropertyValues("kafka.tls.reload=" + off)
                .run((context) -> assertThat(context).doesNotHaveBean(TlsFileReloader.class)
                    .doesNotHaveBean(TlsReloadStatus.class));
        }
    }

    @Test
    void withoutTlsOrWithKafkaDisabledNothingIsWatched() {
        this.runner.withPropertyValues("kafka.tls.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(TlsFileReloader.class));
        this.runner.withPropertyValues("kafka.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(TlsFileReloader.class));
    }

}
