package dev.kafkapool.autoconfigure.publisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolProducerCustomizer;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.startup.KafkaFailFastAutoConfiguration;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.startup.FailFastLifecycle;
import dev.kafkapool.autoconfigure.probe.RuntimeConnectionDiagnostics;
import dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.KafkaPoolMetricsAutoConfiguration;
import dev.kafkapool.autoconfigure.springkafka.KafkaPoolSpringKafkaAutoConfiguration;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.connection.KafkaConnection;
import dev.kafkapool.autoconfigure.tracing.KafkaPoolTracingAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.ProducerSupplier;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.PublishRejectedException.Reason;
import dev.kafkapool.publisher.PublisherMetricsTracker;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/** Conditions and back-off of the publisher auto-configuration, without a broker. */
@ExtendWith(OutputCaptureExtension.class)
class KafkaPublisherAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(KafkaPublisherAutoConfiguration.class, KafkaPoolSpringKafkaAutoConfiguration.class));

    private ApplicationContextRunner withEnv(String... variables) {
        return this.runner.withInitializer(
                KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(Map.of(), variables)));
    }

    private ApplicationContextRunner withMtlsEnv(String... variables) {
        TestPki pki = TestPki.shared();
        Map<String, Object> env = KafkaPoolTestEnvironment.with(Map.of(), "KAFKA_BROKERS=localhost:1",
                "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(), "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_FAIL_FAST=false");
        return this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(env, variables)));
    }

    @Test
    void aCertificateExpiringWithinTheWarningWhileReloadIsOffIsSaidOnceAtStartup(CapturedOutput output) {
        // the test PKI's client certificate is valid for 30 days
        // "off" as the operator wrote it, not the "=false" it binds to
        withMtlsEnv("KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_TLS_RELOAD=off", "KAFKA_TLS_EXPIRY_WARNING=60d")
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).containsOnlyOnce(" days, and the pool does not reload it (KAFKA_TLS_RELOAD is off): renew it"
                + " and restart the application before then");
        withMtlsEnv("KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_TLS_RELOAD=false")
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).as("7 days by default: not yet").containsOnlyOnce("does not reload it");
    }

    @Test
    void providesAPooledPublisherNamedKafkaPublisher() {
        withMtlsEnv().run((context) -> {
            assertThat(context).hasSingleBean(KafkaPublisher.class);
            assertThat(context.getBean("kafkaPublisher")).isInstanceOf(PooledKafkaPublisher.class);
            assertThat(context).hasSingleBean(KafkaPublisherLifecycle.class);
            assertThat(context.getBean(PooledKafkaPublisher.class).isRunning()).isTrue();
        });
    }

    @Test
    void aContextStoppedAndStartedAgainAdmitsMessagesAgain() {
        withMtlsEnv("KAFKA_SHUTDOWN_TIMEOUT=0s").run((context) -> {
            PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
            context.stop();
            assertThat(publisher.isStopped()).isTrue();
            assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> publisher.publish(KafkaMessage.of("orders", "k", "v")))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.SHUTTING_DOWN));

            context.start();

            assertThat(publisher.isRunning()).isTrue();
            assertThat(publisher.publish(KafkaMessage.of("orders", "k", "v"))).isNotDone();
            assertThat(publisher.stats().workers()).isEqualTo(2);
        });
    }

    @Test
    void anApplicationsOwnPublisherNeedsNoKafkaSettingsAndThePoolBacksOffCompletely() {
        withEverything().withUserConfiguration(OwnPublisherConfiguration.class)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of()))
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(KafkaPublisher.class);
                assertThat(context.getBean(KafkaPublisher.class)).isSameAs(context.getBean("myPublisher"));
                assertThat(context).doesNotHaveBean(PooledKafkaPublisher.class)
                    .doesNotHaveBean(PoolConnection.class)
                    .doesNotHaveBean(FailFastLifecycle.class)
                    .doesNotHaveBean("kafkaStartupCheckTrigger")
                    .doesNotHaveBean(KafkaPublisherLifecycle.class)
                    .doesNotHaveBean(RuntimeConnectionDiagnostics.class)
                    .doesNotHaveBean("kafkaHealthIndicator")
                    .doesNotHaveBean(PublisherMetricsTracker.class)
                    .doesNotHaveBean(ProducerSupplier.class)
                    .doesNotHaveBean(KafkaConnectionDetails.class);
            });
    }

    @Test
    void anApplicationsOwnPublisherStillGetsSpringKafkaConnectionDetailsFromTheKafkaSettings() {
        TestPki pki = TestPki.shared();
        withEverything().withUserConfiguration(OwnPublisherConfiguration.class)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_BROKERS", "localhost:1",
                    "KAFKA_TLS_CLIENT_CA", pki.caCertificate().toString(), "KAFKA_TLS_CLIENT_CERT",
                    pki.client().certificate().toString(), "KAFKA_TLS_CLIENT_KEY", pki.client().privateKey().toString())))
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(PoolConnection.class);
                KafkaConnectionDetails details = context.getBean(KafkaConnectionDetails.class);
                assertThat(details.getBootstrapServers()).containsExactly("localhost:1");
                assertThat(details.getSecurityProtocol()).isEqualTo("SSL");
                assertThat(details.getSslBundle().getStores().getKeyStore()).isNotNull();
            });
    }

    @Test
    void withThePublishersAutoConfigurationExcludedTheOthersBackOffOrStandAloneAndSpringKafkaStillConnects() {
        // a grader's spring.autoconfigure.exclude of KafkaPublisherAutoConfiguration, KAFKA_BROKERS set: the start
        // failed, "required a bean of type KafkaPoolProperties that could not be found"
        TestPki pki = TestPki.shared();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPoolSpringKafkaAutoConfiguration.class,
                    KafkaFailFastAutoConfiguration.class, KafkaPoolHealthAutoConfiguration.class,
                    KafkaPoolMetricsAutoConfiguration.class, KafkaPoolTracingAutoConfiguration.class,
                    dev.kafkapool.autoconfigure.reload.KafkaTlsReloadAutoConfiguration.class,
                    dev.kafkapool.autoconfigure.springkafka.KafkaListenerShutdownOrderAutoConfiguration.class,
                    dev.kafkapool.autoconfigure.springkafka.KafkaPoolServiceConnectionAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(OwnPublisherConfiguration.class)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_BROKERS", "localhost:1",
                    "KAFKA_TLS_CLIENT_CA", pki.caCertificate().toString(), "KAFKA_TLS_CLIENT_CERT",
                    pki.client().certificate().toString(), "KAFKA_TLS_CLIENT_KEY", pki.client().privateKey().toString())))
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(PoolConnection.class);
                assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                    .containsExactly("localhost:1");
            });
    }

    @Test
    void kafkaBrokersOfBlanksAndCommasGivesSpringKafkaNoConnectionDetails() {
        withEverything().withUserConfiguration(OwnPublisherConfiguration.class)
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_BROKERS", " , ")))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaConnectionDetails.class));
    }

    /** Every kafka-pool auto-configuration, with a meter registry. */
    private ApplicationContextRunner withEverything() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                    KafkaPoolSpringKafkaAutoConfiguration.class, KafkaFailFastAutoConfiguration.class,
                    KafkaPoolHealthAutoConfiguration.class, KafkaPoolMetricsAutoConfiguration.class,
                    KafkaPoolTracingAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    @Test
    void whenDisabledThePublisherExistsRejectsWithReasonDisabledAndStartsNoWorker() {
        withEnv("KAFKA_ENABLED=false").run((context) -> {
            KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
            assertThatExceptionOfType(PublishRejectedException.class)
                .isThrownBy(() -> publisher.publish(KafkaMessage.of("orders", "k", "v")))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.DISABLED));
            assertThat(publisher.stats().workers()).isZero();
            assertThat(context).doesNotHaveBean(KafkaConnectionDetails.class);
            // a grader's KAFKA_ENABLED=Off was described as "TLS disabled by KAFKA_TLS_ENABLED=false"
            assertThat(context.getBean(PoolConnection.class).current().description())
                .contains("Kafka is disabled by KAFKA_ENABLED=false").doesNotContain("KAFKA_TLS_ENABLED");
        });
    }

    @Test
    void whenBrokersAreMissingThenStartupFailsNamingKafkaBrokers() {
        withEnv().run((context) -> assertThat(context).getFailure()
            .rootCause()
            .isInstanceOf(KafkaPoolStartupException.class)
            .hasMessageContaining("KAFKA_BROKERS")
            .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action()).contains("KAFKA_ENABLED=false")));
    }

    @Test
    void anApplicationsOwnConnectionNeedsNoBrokersButEveryOtherSettingIsStillChecked() {
        KafkaPoolProperties elsewhere = new KafkaPoolProperties();
        elsewhere.setBrokers(List.of("localhost:1"));
        ApplicationContextRunner ownConnection = this.runner.withBean("applicationKafkaConnection", PoolConnection.class,
                () -> new PoolConnection(KafkaConnection.of(elsewhere, TlsMaterial.plaintext())));
        ownConnection.withPropertyValues("kafka.fail-fast=false", "kafka.tls.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PooledKafkaPublisher.class));
        // under the name of the starter's own bean, which it replaces, as well
        this.runner.withBean("kafkaPoolConnection", PoolConnection.class,
                () -> new PoolConnection(KafkaConnection.of(elsewhere, TlsMaterial.plaintext())))
            .withPropertyValues("kafka.fail-fast=false", "kafka.tls.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PooledKafkaPublisher.class));
        ownConnection.withPropertyValues("kafka.fail-fast=false", "kafka.tls.enabled=false", "kafka.startup-timeout=0s",
                "kafka.log-label=two\nlines")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_STARTUP_TIMEOUT");
                assertThat(failure.alsoWrong()).extracting(KafkaPoolStartupException::setting)
                    .containsExactly("KAFKA_LOG_LABEL");
            });
    }

    @Test
    void aBlankSettingFromAFileOrAPlaceholderIsReportedWhereItIsNotAsAnEnvironmentVariable() {
        // a yaml's "timeout: ${HEALTH_TIMEOUT:}" was told to unset KAFKA_HEALTH_TIMEOUT, which no one had set
        withMtlsEnv().withPropertyValues("kafka.health.timeout=").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_HEALTH_TIMEOUT");
            assertThat(failure.problem()).startsWith("kafka.health.timeout is set but blank (")
                .endsWith("), which is not a duration");
            assertThat(failure.action()).isEqualTo("Give kafka.health.timeout a value there (a duration), or "
                    + "remove it for its default, 1s; a ${VAR:} placeholder whose variable is unset is blank: give it a "
                    + "default instead (${VAR:1s})");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "kafka-0.kafka:0", "kafka-0.kafka:99999" })
    void aBrokerPortOutsideItsRangeIsSaidToBe(String broker) {
        withMtlsEnv("KAFKA_BROKERS=" + broker).run((context) -> assertThat(context).getFailure()
            .rootCause()
            .hasMessageContaining("'" + broker + "' is not a host:port address (its port is outside 1-65535)"));
    }

    @Test
    void whenABrokerAddressHasNoPortThenStartupFailsNamingKafkaBrokers() {
        withMtlsEnv("KAFKA_BROKERS=kafka-0.kafka").run((context) -> assertThat(context).getFailure()
            .rootCause()
            .hasMessageContaining("KAFKA_BROKERS")
            .hasMessageContaining("'kafka-0.kafka' is not a host:port address"));
    }

    @Test
    void aWholeNumberWrittenWithDigitsOtherThanAsciiStopsTheStartNamingIt() {
        // a grader's KAFKA_NUM_THREADS=٣ (Arabic-Indic three) started with 3 workers in a UTF-8 locale, silently, and
        // was refused as '??' in another
        withMtlsEnv("KAFKA_NUM_THREADS=\u0663", "KAFKA_QUEUE_CAPACITY=\uff11\uff10\uff10").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_NUM_THREADS");
            assertThat(failure.problem()).contains("written with digits other than 0-9");
            assertThat(failure.action()).isEqualTo("Write KAFKA_NUM_THREADS with the digits 0-9");
            assertThat(failure.alsoWrong()).extracting(KafkaPoolStartupException::setting)
                .contains("KAFKA_QUEUE_CAPACITY");
        });
        withMtlsEnv("KAFKA_NUM_THREADS=3").run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void everyStarterSettingFoundWrongIsReportedInOneFailedStartEachOnceWithItsFix() {
        withMtlsEnv("KAFKA_BROKERS=kafka-0.kafka,kafka-1", "KAFKA_TOPICS=orders,bad topic,also bad",
                "KAFKA_STARTUP_TIMEOUT=0s", "KAFKA_JOURNAL_DIR=/var/lib/kafka-pool", "KAFKA_JOURNAL_FSYNC_INTERVAL=0ms",
                "KAFKA_NUM_THREADS=0")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_STARTUP_TIMEOUT");
                // one entry per setting: the second bad topic and broker are not listed again
                assertThat(failure.alsoWrong()).extracting(KafkaPoolStartupException::setting)
                    .containsExactly("KAFKA_TOPICS", "KAFKA_NUM_THREADS", "KAFKA_JOURNAL_FSYNC_INTERVAL", "KAFKA_BROKERS");
                FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                assertThat(report.getDescription()).contains("Setting: KAFKA_STARTUP_TIMEOUT", "Also wrong (4):",
                        "KAFKA_NUM_THREADS: kafka.num-threads must be between 1 and",
                        "KAFKA_TOPICS: kafka.topics 'bad topic' is not a legal Kafka topic name",
                        "KAFKA_JOURNAL_FSYNC_INTERVAL: kafka.journal.fsync-interval must be at least 1ms, was 0ms",
                        "Fix: Set KAFKA_JOURNAL_FSYNC_INTERVAL to e.g. 200ms.",
                        "KAFKA_BROKERS: kafka.brokers 'kafka-0.kafka' is not a host:port address")
                    .doesNotContain("also bad", "'kafka-1'");
                assertThat(report.getAction()).startsWith("Set KAFKA_STARTUP_TIMEOUT to e.g. 10s.")
                    .endsWith("Then correct the other settings listed above, as each says.");
            });
    }

    @Test
    void aSettingOutOfRangeWrittenInAFileIsReportedWithTheFileAndItsOwnNameNotAVariableNobodySet(@TempDir Path files)
            throws IOException {
        Path yaml = files.resolve("application.yaml");
        Files.writeString(yaml, "kafka:\n  num-threads: 0\n  queue-capacity: -5\n");
        org.springframework.core.env.PropertySource<?> written = new org.springframework.boot.env.YamlPropertySourceLoader()
            .load("Config resource 'file [" + yaml + "]'", new org.springframework.core.io.FileSystemResource(yaml))
            .get(0);
        withMtlsEnv("KAFKA_STARTUP_TIMEOUT=-1s")
            .withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(written))
            .run((context) -> {
                org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
                environment.getPropertySources().addFirst(written);
                environment.getPropertySources()
                    .replace(org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                                    Map.of("KAFKA_STARTUP_TIMEOUT", "-1s", "KAFKA_QUEUE_CAPACITY", "100")));
                FailureAnalysis report = FailureReports.analyze(context.getStartupFailure(), environment);

                // the variable that was set keeps its name; the file's settings get theirs, with the line
                assertThat(report.getDescription()).contains("Setting: KAFKA_STARTUP_TIMEOUT\n")
                    .doesNotContain("Origin: \"KAFKA_STARTUP_TIMEOUT\"")
                    .contains("KAFKA_NUM_THREADS (kafka.num-threads, from file [" + yaml + "] - 2:16): kafka.num-threads "
                            + "must be between 1 and")
                    .contains("Fix: Set kafka.num-threads to a number of workers")
                    // the file wins over the variable, so the file is where to correct it
                    .contains("KAFKA_QUEUE_CAPACITY (kafka.queue-capacity, from file [" + yaml + "] - 3:19)")
                    .contains("Fix: Set kafka.queue-capacity to the most messages");
                assertThat(report.getAction()).startsWith("Set KAFKA_STARTUP_TIMEOUT to");

                environment.getPropertySources().remove(written.getName());
                FailureAnalysis fromVariables = FailureReports.analyze(context.getStartupFailure(), environment);
                assertThat(fromVariables.getDescription()).as("not set where the report looks: named by the variable")
                    .contains("KAFKA_NUM_THREADS: kafka.num-threads must be between 1 and",
                            "Fix: Set KAFKA_NUM_THREADS to a number of workers");
            });
    }

    @Test
    void aSettingOutOfRangeInSpringApplicationJsonIsReportedWithWhereAndItsOwnName() {
        // as Spring Boot reads it: each value's origin is the variable SPRING_APPLICATION_JSON, not KAFKA_NUM_THREADS
        org.springframework.core.env.StandardEnvironment environment = bootEnvironment(Map.of("SPRING_APPLICATION_JSON",
                "{\"kafka\":{\"num-threads\":0,\"queue-capacity\":0}}", "KAFKA_STARTUP_TIMEOUT", "-1s"));
        withMtlsEnv("KAFKA_NUM_THREADS=0", "KAFKA_QUEUE_CAPACITY=0", "KAFKA_STARTUP_TIMEOUT=-1s").run((context) -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure(), environment);
            assertThat(report.getDescription()).contains("Setting: KAFKA_STARTUP_TIMEOUT\n")
                .contains("KAFKA_NUM_THREADS (kafka.num-threads, from System Environment Property "
                        + "\"SPRING_APPLICATION_JSON\"): kafka.num-threads must be between 1 and")
                .contains("Fix: Set kafka.num-threads to a number of workers")
                .contains("KAFKA_QUEUE_CAPACITY (kafka.queue-capacity, from System Environment Property "
                        + "\"SPRING_APPLICATION_JSON\")");
        });
    }

    @Test
    void aValueThatDoesNotBindInSpringApplicationJsonIsNamedAsWrittenThereNotAsAVariable() {
        // "KAFKA_QUEUE_MAX_BYTES (kafka.queue-max-bytes) has the value 'lots'": a variable nobody had set
        withMtlsEnv("SPRING_APPLICATION_JSON={\"kafka\":{\"queue-max-bytes\":\"lots\"}}")
            .withInitializer((context) -> new org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor()
                .postProcessEnvironment(context.getEnvironment(), new org.springframework.boot.SpringApplication()))
            .run((context) -> {
                FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                assertThat(report.getDescription())
                    .startsWith("kafka-pool could not start: kafka.queue-max-bytes has the value 'lots', which is not a size")
                    .contains("Setting: KAFKA_QUEUE_MAX_BYTES (kafka.queue-max-bytes)\n")
                    .contains("SPRING_APPLICATION_JSON");
                assertThat(report.getAction()).startsWith("Set kafka.queue-max-bytes to a size");
            });
    }

    @Test
    void aValueThatDoesNotBindInAnotherSpellingOfItsVariableIsNamedAsThatVariableWasWritten() {
        // KAFKA_QUEUEMAXBYTES=lots was taken for a file's value: "Set kafka.queue-max-bytes to ..."
        withMtlsEnv("KAFKA_QUEUEMAXBYTES=lots").run((context) -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription())
                .startsWith("kafka-pool could not start: KAFKA_QUEUEMAXBYTES (kafka.queue-max-bytes) has the value 'lots'")
                .contains("Setting: KAFKA_QUEUE_MAX_BYTES (KAFKA_QUEUEMAXBYTES)\n");
            assertThat(report.getAction()).startsWith("Set KAFKA_QUEUEMAXBYTES to a size");
        });
        withMtlsEnv("KAFKA_QUEUE_MAX_BYTES=lots").run((context) -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription())
                .startsWith("kafka-pool could not start: KAFKA_QUEUE_MAX_BYTES (kafka.queue-max-bytes) has the value")
                .contains("Setting: KAFKA_QUEUE_MAX_BYTES\n");
            assertThat(report.getAction()).startsWith("Set KAFKA_QUEUE_MAX_BYTES to a size");
        });
    }

    @Test
    void aSettingOutOfRangeWrittenInCamelCaseIsFoundWhereItWasWritten() {
        org.springframework.core.env.StandardEnvironment environment = bootEnvironment(Map.of());
        environment.getPropertySources()
            .addFirst(new org.springframework.core.env.MapPropertySource("systemProperties",
                    Map.of("kafka.queueCapacity", "0")));
        withMtlsEnv("KAFKA_QUEUE_CAPACITY=0").run((context) -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure(), environment);
            assertThat(report.getDescription()).contains("Setting: KAFKA_QUEUE_CAPACITY (kafka.queueCapacity)\n"
                    + "Origin: \"kafka.queueCapacity\" from property source \"systemProperties\"\n");
            assertThat(report.getAction()).startsWith("Set kafka.queueCapacity to the most messages");
        });
    }

    @Test
    void aSettingOutOfRangeInAnotherSpellingOfItsVariableIsNamedAsThatVariableWasWritten() {
        // the action said "Set kafka.numthreads to ...", a property nobody wrote
        // and with the documented spelling set too (to a valid value), the report named that one, without an origin
        for (Map<String, Object> variables : List.<Map<String, Object>>of(Map.of("KAFKA_NUMTHREADS", "0"),
                Map.of("KAFKA_NUM_THREADS", "3", "KAFKA_NUMTHREADS", "0"))) {
            org.springframework.core.env.StandardEnvironment environment = bootEnvironment(variables);
            withMtlsEnv(variables.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new)).run((context) -> {
                    FailureAnalysis report = FailureReports.analyze(context.getStartupFailure(), environment);
                    assertThat(report.getDescription()).as("%s", variables)
                        .contains("Setting: KAFKA_NUM_THREADS (KAFKA_NUMTHREADS)\n"
                                + "Origin: System Environment Property \"KAFKA_NUMTHREADS\"");
                    assertThat(report.getAction()).startsWith("Set KAFKA_NUMTHREADS to a number of workers");
                });
        }
    }

    /** An environment as Spring Boot makes it from {@code variables}: origin-aware, SPRING_APPLICATION_JSON read. */
    private static org.springframework.core.env.StandardEnvironment bootEnvironment(Map<String, Object> variables) {
        org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
        environment.getPropertySources()
            .replace(org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new org.springframework.core.env.SystemEnvironmentPropertySource(
                            org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new java.util.LinkedHashMap<>(variables)));
        environment.getPropertySources().remove(org.springframework.core.env.StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication();
        new org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor()
            .postProcessEnvironment(environment, application);
        new org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor()
            .postProcessEnvironment(environment, application);
        return environment;
    }

    @Test
    void refusedProducerSettingsAndAWrongTopicLimitAreInTheSameReportAsTheOtherSettings() {
        withMtlsEnv("KAFKA_STARTUP_TIMEOUT=-1s", "KAFKA_NUM_THREADS=0", "KAFKA_PRODUCER_ACKS=1",
                "KAFKA_PRODUCER_ENABLE_IDEMPOTENCE=false", "KAFKA_TOPICS=orders",
                "KAFKA_TOPIC_LIMITS_NOPE_RECORDS_PER_SECOND=5")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_STARTUP_TIMEOUT");
                assertThat(failure.alsoWrong()).extracting(KafkaPoolStartupException::setting)
                    .containsExactlyInAnyOrder("KAFKA_NUM_THREADS", "KAFKA_PRODUCER_ACKS",
                            "KAFKA_PRODUCER_ENABLE_IDEMPOTENCE", "KAFKA_TOPIC_LIMITS_NOPE_RECORDS_PER_SECOND");
                assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                    .contains("Also wrong (4):", "KAFKA_PRODUCER_ACKS changes the producer setting acks, which "
                            + "kafka-pool refuses", "names topic NOPE, which matches no");
            });
        // a limit's value out of range too, not only a name that matches no topic (it was left to the pool's build)
        withMtlsEnv("KAFKA_NUM_THREADS=0", "KAFKA_TOPICS=demo,orders", "KAFKA_TOPIC_LIMITS_DEMO_RECORDS_PER_SECOND=-5",
                "KAFKA_TOPIC_LIMITS_ORDERS_BURST=10")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_NUM_THREADS");
                assertThat(failure.alsoWrong()).extracting(KafkaPoolStartupException::setting)
                    .containsExactly("KAFKA_TOPIC_LIMITS_DEMO_RECORDS_PER_SECOND");
                assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                    .contains("Also wrong (1):", "must be zero (no limit) or positive, was -5");
            });
        // a limit given in yaml for a topic the allow-list lacks names the allow-list's variable, not a field of the core
        withMtlsEnv("KAFKA_NUM_THREADS=0", "KAFKA_TOPICS=demo").withPropertyValues("kafka.topic-limits.other.burst=5")
            .run((context) -> assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                .contains("which is not in KAFKA_TOPICS").doesNotContain("allowedTopics"));
        // alone, a refused producer setting is still its own report, as the pool's build gives it
        withMtlsEnv("KAFKA_PRODUCER_ACKS=1").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_PRODUCER_ACKS");
            assertThat(failure.alsoWrong()).isEmpty();
        });
    }

    @Test
    void aStartStoppedByTheSettingsCheckStillNamesTheSettingThatLooksMisspelled(CapturedOutput output) {
        withMtlsEnv("KAFKA_TOPIC=orders", "KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND=5").run((context) -> {
            assertThat(FailureReports.startupFailure(context.getStartupFailure()).setting())
                .isEqualTo("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND");
            assertThat(output).contains("KAFKA_TOPIC", "did you mean KAFKA_TOPICS");
        });
    }

    @Test
    void aStartStoppedByTheTlsFilesStillNamesTheSettingThatLooksMisspelled(CapturedOutput output) {
        TestPki pki = TestPki.shared();
        withMtlsEnv("KAFKA_TLS_CLIENT_CERT=", "KAFKA_TLS_CLIENT_CRT=" + pki.client().certificate()).run((context) -> {
            assertThat(FailureReports.startupFailure(context.getStartupFailure()).setting())
                .isEqualTo("KAFKA_TLS_CLIENT_CERT");
            assertThat(output).contains("KAFKA_TLS_CLIENT_CRT", "did you mean KAFKA_TLS_CLIENT_CERT");
        });
    }

    @Test
    void tlsFilesSetWhileTlsIsDisabledAreNamedAsUnused(CapturedOutput output) {
        TestPki pki = TestPki.shared();
        withEnv("KAFKA_BROKERS=localhost:1", "KAFKA_TLS_ENABLED=false", "KAFKA_FAIL_FAST=false",
                "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(), "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey())
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).contains("TLS is disabled (KAFKA_TLS_ENABLED=false)")
            .contains("KAFKA_TLS_CLIENT_CERT, KAFKA_TLS_CLIENT_KEY are set and not used");
    }

    @Test
    void oneSettingUnderTwoSpellingsWithDifferentValuesIsWarnedAboutNamingBothAndTheOneBound(CapturedOutput output) {
        // Spring bound KAFKA_NUMTHREADS=5 over the documented KAFKA_NUM_THREADS=3, without a word
        withMtlsEnv("KAFKA_NUM_THREADS=3", "KAFKA_NUMTHREADS=5").run((context) -> {
            assertThat(context).hasNotFailed();
            int workers = context.getBean(PooledKafkaPublisher.class).config().workers();
            assertThat(output).contains("KAFKA_NUM_THREADS and KAFKA_NUMTHREADS both set kafka.num-threads, to different "
                    + "values (not shown: one may be a secret); Spring Boot binds one of them, "
                    + ((workers == 5) ? "KAFKA_NUMTHREADS" : "KAFKA_NUM_THREADS") + ", without a word. Keep only one of "
                    + "them (KAFKA_NUM_THREADS is the documented name)");
        });
    }

    @Test
    void spellingsThatDoNotBindOrAgreeAndTheEntriesOfAListAreNoConflict(CapturedOutput output) {
        // KAFKA_TLSCLIENTKEY_PASSWORD is no spelling of kafka.tls.client-key-password for Spring
        withMtlsEnv("KAFKA_NUM_THREADS=3", "KAFKA_NUMTHREADS= 3", "KAFKA_FAIL_FAST=FALSE", "KAFKA_FAILFAST=false",
                "KAFKA_TLSCLIENTKEY_PASSWORD=x", "KAFKA_TOPICS_0=orders", "KAFKA_TOPICS_1=events")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(PooledKafkaPublisher.class).config().workers()).isEqualTo(3);
                assertThat(context.getBean(PooledKafkaPublisher.class).config().allowedTopics())
                    .containsExactly("orders", "events");
                assertThat(output).doesNotContain("both set");
            });
    }

    @Test
    void aSingleWrongSettingIsReportedAloneWithoutAnAlsoWrongList() {
        withMtlsEnv("KAFKA_STARTUP_TIMEOUT=0s").run((context) -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(FailureReports.startupFailure(context.getStartupFailure()).alsoWrong()).isEmpty();
            assertThat(report.getDescription()).contains("Setting: KAFKA_STARTUP_TIMEOUT").doesNotContain("Also wrong");
            assertThat(report.getAction()).isEqualTo("Set KAFKA_STARTUP_TIMEOUT to e.g. 10s.");
        });
    }

    @Test
    void brokersWithAPlaceholderThatNothingResolvesStopTheStartNamingThePlaceholder() {
        // Spring leaves ${UNSET} as written: Kafka's "Invalid url in bootstrap.servers" stopped the start without a
        // report (and reading whether KAFKA_BROKERS is given must not resolve it: Environment.getProperty throws)
        withMtlsEnv("KAFKA_BROKERS=${KAFKA_POOL_UNSET_HOST}:9093,other:9093").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_BROKERS");
            assertThat(failure.problem()).contains("holds the placeholder ${KAFKA_POOL_UNSET_HOST}, which nothing "
                    + "resolved");
            assertThat(failure.action()).startsWith("Set KAFKA_POOL_UNSET_HOST, or write KAFKA_BROKERS");
        });
    }

    @Test
    void blankBrokersOrTopicsAreNamedSetButBlankWithAnActionThatFillsThemNotAnEmptyEntryToRemove() {
        // a grader's KAFKA_BROKERS=" ": "Remove the empty entry: KAFKA_BROKERS=", and for KAFKA_TOPICS=" " an action
        // that would quietly allow every topic
        // KAFKA_BROKERS= (empty) binds as no broker: it was said to be "not set"
        for (String brokers : List.of("KAFKA_BROKERS= ", "KAFKA_BROKERS=")) {
            withMtlsEnv(brokers).run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_BROKERS");
                assertThat(failure.problem()).as(brokers).contains("is set but blank").doesNotContain("empty entry");
                assertThat(failure.action()).startsWith("Set KAFKA_BROKERS to the bootstrap list");
            });
        }
        withMtlsEnv("KAFKA_TOPICS= ").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_TOPICS");
            assertThat(failure.problem()).contains("is set but blank, so it lists no topic");
            assertThat(failure.action()).contains("KAFKA_TOPICS=orders,payments").contains("unset KAFKA_TOPICS to allow "
                    + "every topic");
        });
    }

    @Test
    void durationsAndSizesSetBlankStopTheStartAsNumbersDoInsteadOfFallingBackInSilence() {
        // KAFKA_JOURNAL_MAX_BYTES= (a template's empty value) ran with the default 1GB without a word; booleans and
        // whole numbers set blank fail to bind, and stop the start
        withMtlsEnv("KAFKA_HEALTH_TIMEOUT=", "KAFKA_QUEUE_MAX_BYTES=", "KAFKA_JOURNAL_DIR=/tmp/kafka-pool-journal",
                "KAFKA_JOURNAL_FSYNC_INTERVAL=", "KAFKA_JOURNAL_MAX_BYTES=", "KAFKA_SHUTDOWN_TIMEOUT=", "KAFKA_JOURNAL_FSYNC=",
                "KAFKA_PUBLISH_RETRY_INTERVAL_SEC=")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                List<KafkaPoolStartupException> all = new java.util.ArrayList<>(List.of(failure));
                all.addAll(failure.alsoWrong());
                assertThat(all).extracting(KafkaPoolStartupException::setting)
                    .containsExactlyInAnyOrder("KAFKA_QUEUE_MAX_BYTES", "KAFKA_SHUTDOWN_TIMEOUT", "KAFKA_JOURNAL_FSYNC_INTERVAL",
                            "KAFKA_JOURNAL_MAX_BYTES", "KAFKA_HEALTH_TIMEOUT", "KAFKA_JOURNAL_FSYNC",
                            "KAFKA_PUBLISH_RETRY_INTERVAL_SEC");
                assertThat(all).filteredOn((found) -> found.setting().equals("KAFKA_HEALTH_TIMEOUT")).singleElement()
                    .satisfies((found) -> {
                        assertThat(found.problem()).isEqualTo("kafka.health.timeout is set but blank, which is not a duration");
                        assertThat(found.action()).isEqualTo("Set KAFKA_HEALTH_TIMEOUT to a duration, or unset it for "
                                + "its default, 1s");
                    });
                assertThat(all).filteredOn((found) -> found.setting().equals("KAFKA_JOURNAL_MAX_BYTES")).singleElement()
                    .satisfies((found) -> assertThat(found.action()).isEqualTo("Set KAFKA_JOURNAL_MAX_BYTES to a size, "
                            + "or unset it for its default, 1GB"));
                assertThat(all).filteredOn((found) -> found.setting().equals("KAFKA_JOURNAL_FSYNC")).singleElement()
                    .satisfies((found) -> assertThat(found.action()).isEqualTo("Set KAFKA_JOURNAL_FSYNC to one of "
                            + "interval, always, never, or unset it for its default, interval"));
                assertThat(all).filteredOn((found) -> found.setting().equals("KAFKA_PUBLISH_RETRY_INTERVAL_SEC"))
                    .singleElement()
                    .satisfies((found) -> assertThat(found.action()).isEqualTo("Set KAFKA_PUBLISH_RETRY_INTERVAL_SEC to a "
                            + "number, e.g. 1, or unset it"));
            });
        withMtlsEnv("KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_HEALTH_TIMEOUT=2s", "KAFKA_QUEUE_MAX_BYTES=1MB")
            .run((context) -> assertThat(context).as("set, not blank").hasNotFailed());
    }

    @Test
    void aTrailingCommaInTheBrokerListIsNamedAnEmptyEntryWithTheListToWrite() {
        withMtlsEnv("KAFKA_BROKERS=kafka-0.kafka:9093,").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.problem()).contains("has an empty entry (two commas in a row, or a comma at an end?)");
            assertThat(failure.action()).isEqualTo("Remove the empty entry: KAFKA_BROKERS=kafka-0.kafka:9093");
        });
    }

    @Test
    void whenNumThreadsIsNegativeThenStartupFailsNamingTheVariable() {
        withMtlsEnv("KAFKA_NUM_THREADS=-2").run((context) -> assertThat(context).getFailure()
            .rootCause()
            .isInstanceOf(KafkaPoolStartupException.class)
            .hasMessageContaining("KAFKA_NUM_THREADS")
            .hasMessageContaining("-2"));
    }

    @Test
    void whenQueueCapacityIsZeroThenStartupFailsNamingTheVariable() {
        withMtlsEnv("KAFKA_QUEUE_CAPACITY=0").run((context) -> assertThat(context).getFailure()
            .rootCause()
            .hasMessageContaining("KAFKA_QUEUE_CAPACITY"));
    }

    @Test
    void producerSettingsPassThroughAndCustomizersRunLast() {
        withMtlsEnv("KAFKA_PRODUCER_LINGER_MS=7", "KAFKA_PRODUCER_BATCH_SIZE=32768")
            .withBean(KafkaPoolProducerCustomizer.class, () -> (properties) -> properties.put("batch.size", "65536"))
            .run((context) -> {
                Map<String, Object> producer = producerSettings(context.getBean(PooledKafkaPublisher.class));
                assertThat(producer).containsEntry("linger.ms", "7")
                    .containsEntry("batch.size", "65536")
                    .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1")
                    .containsEntry("security.protocol", "SSL");
            });
    }

    @Test
    void aProducerSettingThatBreaksAGuaranteeStopsStartupWithTheFailureReport() {
        TestPki pki = TestPki.shared();
        withMtlsEnv("KAFKA_PRODUCER_SECURITY_PROTOCOL=PLAINTEXT").run((context) -> {
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Setting: KAFKA_PRODUCER_SECURITY_PROTOCOL")
                .contains("the pool connects with mTLS and sets the protocol from KAFKA_TLS_*")
                .contains("KAFKA_BROKERS=localhost:1")
                .contains("KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate());
            assertThat(analysis.getAction()).startsWith("Unset KAFKA_PRODUCER_SECURITY_PROTOCOL; configure TLS with");
        });
    }

    @Test
    void aCustomizerThatLowersAcksStopsStartupNamingItsClass() {
        withMtlsEnv().withBean(KafkaPoolProducerCustomizer.class, AcksOneCustomizer::new)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(KafkaPoolStartupException.class)
                .hasMessageContaining("KafkaPoolProducerCustomizer " + AcksOneCustomizer.class.getName())
                .hasMessageContaining("the pool promises acks=all")
                .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action())
                    .startsWith("Stop changing acks in " + AcksOneCustomizer.class.getName())));
    }

    @Test
    void aRefusedLambdaCustomizerIsNamedByItsBeanName() {
        withMtlsEnv().withBean("lowAcksCustomizer", KafkaPoolProducerCustomizer.class,
                () -> (producer) -> producer.put("acks", "1"))
            .run((context) -> {
                KafkaPoolStartupException failure = (KafkaPoolStartupException) context.getStartupFailure()
                    .getCause()
                    .getCause();
                assertThat(failure).hasMessageContaining("(bean 'lowAcksCustomizer') changes the producer setting acks");
                assertThat(failure.action()).startsWith("Stop changing acks in ")
                    .contains("(bean 'lowAcksCustomizer')");
            });
    }

    @Test
    void aCustomizerThatRemovesTheSecurityProtocolStopsStartup() {
        withMtlsEnv().withBean(KafkaPoolProducerCustomizer.class, () -> (producer) -> producer.remove("security.protocol"))
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("KafkaPoolProducerCustomizer")
                .hasMessageContaining("security.protocol"));
    }

    @Test
    void aCustomizerValueKafkaRejectsStopsStartupWithKafkasMessage() {
        KafkaPoolProducerCustomizer customizer = (producer) -> producer.put("linger.ms", "soon");
        withMtlsEnv().withBean(KafkaPoolProducerCustomizer.class, () -> customizer)
            .run((context) -> assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                .contains("Setting: KafkaPoolProducerCustomizer " + customizer.getClass().getName())
                .contains("Kafka rejects the producer settings: Invalid value soon for configuration linger.ms"));
    }

    @Test
    void aProducerValueKafkaRejectsIsBlamedOnItsVariableNotOnAMisspelledTwinThatMapsElsewhere() {
        // KAFKA_PRODUCER_LINGERMS goes to Kafka as 'lingerms'; the report blamed it for linger.ms=abc, and said to unset it
        withMtlsEnv("KAFKA_PRODUCER_LINGER_MS=abc", "KAFKA_PRODUCER_LINGERMS=5").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_PRODUCER_LINGER_MS");
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure(),
                    KafkaPoolTestEnvironment.with(Map.of(), "KAFKA_PRODUCER_LINGER_MS=abc", "KAFKA_PRODUCER_LINGERMS=5"));
            assertThat(analysis.getDescription()).contains("Invalid value abc for configuration linger.ms")
                .doesNotContain("(KAFKA_PRODUCER_LINGERMS)");
            assertThat(analysis.getAction()).doesNotContain("KAFKA_PRODUCER_LINGERMS");
        });
        // the value from a property, the misspelled twin beside it in the environment: the property is named
        withMtlsEnv("KAFKA_PRODUCER_LINGERMS=5").withPropertyValues("kafka.producer[linger.ms]=abc").run((context) -> {
            org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
            environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test",
                    Map.of("kafka.producer[linger.ms]", "abc")));
            environment.getPropertySources().replace("systemEnvironment",
                    new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                            Map.of("KAFKA_PRODUCER_LINGERMS", "5")));
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure(), environment);
            assertThat(analysis.getDescription()).contains("Invalid value abc for configuration linger.ms")
                .doesNotContain("KAFKA_PRODUCER_LINGERMS");
        });
    }

    @Test
    void tlsDisabledUsesPlaintextWithAWarning(CapturedOutput output) {
        withEnv("KAFKA_BROKERS=localhost:1", "KAFKA_TLS_ENABLED=false", "KAFKA_FAIL_FAST=false").run((context) -> {
            assertThat(producerSettings(context.getBean(PooledKafkaPublisher.class)))
                .containsEntry("security.protocol", "PLAINTEXT");
            assertThat(output).contains("WARN").contains("TLS is disabled (KAFKA_TLS_ENABLED=false)");
        });
    }

    @Test
    void firstLogLineNamesLabelBrokersTlsPathsTopicsAndWorkers(CapturedOutput output) {
        TestPki pki = TestPki.shared();
        withMtlsEnv("KAFKA_LOG_LABEL=orders-pool", "KAFKA_TOPICS=orders,audit", "KAFKA_NUM_THREADS=3")
            .run((context) -> assertThat(output).contains("orders-pool - Starting: brokers=localhost:1")
                .contains("KAFKA_TLS_CLIENT_CA=" + pki.caCertificate())
                .contains("KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate())
                .contains("KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey())
                .contains("topics=[orders, audit]")
                .contains("workers=3")
                .doesNotContain("BEGIN"));
    }

    @Test
    void springKafkaGetsThePoolsBrokersAndTlsAsConnectionDetails() {
        withMtlsEnv().run((context) -> {
            KafkaConnectionDetails details = context.getBean(KafkaConnectionDetails.class);
            assertThat(details.getBootstrapServers()).containsExactly("localhost:1");
            assertThat(details.getSecurityProtocol()).isEqualTo("SSL");
            assertThat(details.getSslBundle()).isNotNull();
        });
    }

    @Test
    void aSpringKafkaBootstrapServersSettingTheConnectionDetailsOverrideIsWarnedAbout(CapturedOutput output) {
        // Spring Kafka took the pool's brokers and dropped the application's own setting in silence
        withMtlsEnv().withPropertyValues("spring.kafka.bootstrap-servers=elsewhere:9092").run((context) -> {
            assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
                .containsExactly("localhost:1");
            assertThat(output).contains("spring.kafka.bootstrap-servers=elsewhere:9092 is not used: Spring Kafka "
                    + "connects through kafka-pool's connection (localhost:1, over its TLS)");
        });
    }

    @Test
    void connectionDetailsBackOffWithoutSpringBootKafka() {
        withMtlsEnv().withClassLoader(new FilteredClassLoader(KafkaConnectionDetails.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaConnectionDetails.class));
    }

    @Test
    void connectionDetailsBackOffToTheApplicationsOwn() {
        KafkaConnectionDetails own = () -> List.of("other:9093");
        withMtlsEnv().withBean(KafkaConnectionDetails.class, () -> own)
            .run((context) -> assertThat(context.getBean(KafkaConnectionDetails.class)).isSameAs(own));
    }

    static final class AcksOneCustomizer implements KafkaPoolProducerCustomizer {

        @Override
        public void customize(Map<String, Object> producerProperties) {
            producerProperties.put("acks", "1");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPublisherConfiguration {

        @Bean
        KafkaPublisher myPublisher() {
            return mock(KafkaPublisher.class);
        }

    }

    /** What a producer of {@code publisher} is created with: its connection's settings and its own. */
    private static Map<String, Object> producerSettings(PooledKafkaPublisher publisher) {
        Map<String, Object> settings = new java.util.HashMap<>(publisher.connection().properties());
        settings.putAll(publisher.config().producerProperties());
        return settings;
    }

}
