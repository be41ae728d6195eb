package dev.kafkapool.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.PooledKafkaPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/** Every environment variable of the contract binds, through a real system-environment source. */
@ExtendWith(OutputCaptureExtension.class)
class KafkaPoolPropertiesBindingTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class));

    @Test
    void everyContractVariableBindsToItsProperty() {
        Map<String, Object> env = Map.ofEntries(Map.entry("KAFKA_ENABLED", "false"),
                Map.entry("KAFKA_BROKERS", "b1:9093,b2:9093"), Map.entry("KAFKA_TOPICS", "orders,payments"),
                Map.entry("KAFKA_LOG_LABEL", "orders-pool"), Map.entry("KAFKA_NUM_THREADS", "5"),
                Map.entry("KAFKA_PUBLISH_RETRY_INTERVAL_SEC", "0.5"), Map.entry("KAFKA_TLS_CLIENT_CA", "/tls/ca.crt"),
                Map.entry("KAFKA_TLS_CLIENT_CERT", "/tls/client.crt"), Map.entry("KAFKA_TLS_CLIENT_KEY", "/tls/client.key"),
                Map.entry("KAFKA_TLS_CLIENT_KEY_PASSWORD", "pw"), Map.entry("KAFKA_TLS_ENABLED", "false"),
                Map.entry("KAFKA_TLS_BUNDLE", "kafka"), Map.entry("KAFKA_QUEUE_CAPACITY", "5000"),
                Map.entry("KAFKA_QUEUE_MAX_BYTES", "16MB"), Map.entry("KAFKA_FAIL_FAST", "false"),
                Map.entry("KAFKA_STARTUP_TIMEOUT", "7s"), Map.entry("KAFKA_SHUTDOWN_TIMEOUT", "45s"),
                Map.entry("KAFKA_SHARED_PRODUCER", "false"), Map.entry("KAFKA_PRODUCER_LINGER_MS", "5"),
                Map.entry("KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd"));
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env)).run((context) -> {
            KafkaPoolProperties properties = context.getBean(KafkaPoolProperties.class);
            assertThat(properties.isEnabled()).isFalse();
            assertThat(properties.getBrokers()).containsExactly("b1:9093", "b2:9093");
            assertThat(properties.getTopics()).containsExactly("orders", "payments");
            assertThat(properties.getLogLabel()).isEqualTo("orders-pool");
            assertThat(properties.getNumThreads()).isEqualTo(5);
            assertThat(properties.getPublishRetryIntervalSec()).isEqualTo(0.5);
            assertThat(properties.getTls().getClientCa()).isEqualTo("/tls/ca.crt");
            assertThat(properties.getTls().getClientCert()).isEqualTo("/tls/client.crt");
            assertThat(properties.getTls().getClientKey()).isEqualTo("/tls/client.key");
            assertThat(properties.getTls().getClientKeyPassword()).isEqualTo("pw");
            assertThat(properties.getTls().isEnabled()).isFalse();
            assertThat(properties.getTls().getBundle()).isEqualTo("kafka");
            assertThat(properties.getQueueCapacity()).isEqualTo(5000);
            assertThat(properties.getQueueMaxBytes()).isEqualTo(DataSize.ofMegabytes(16));
            assertThat(properties.isFailFast()).isFalse();
            assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(properties.isSharedProducer()).isFalse();
            assertThat(properties.getProducer()).containsEntry("linger.ms", "5").containsEntry("compression.type", "zstd");
        });
    }

    @Test
    void publishRetryIntervalSecTakesDecimalSecondsAndWinsOverTheDuration() {
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                "KAFKA_PUBLISH_RETRY_INTERVAL", "3s", "KAFKA_PUBLISH_RETRY_INTERVAL_SEC", "0.5")))
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().retryInterval())
                .isEqualTo(Duration.ofMillis(500)));
    }

    @Test
    void publishRetryIntervalTakesADuration() {
        this.runner.withInitializer(KafkaPoolTestEnvironment
            .systemEnvironment(Map.of("KAFKA_ENABLED", "false", "KAFKA_PUBLISH_RETRY_INTERVAL", "250ms")))
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().retryInterval())
                .isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void aDurationWithoutAUnitIsInSecondsExceptTheFsyncIntervalInMillisecondsAndTheExpiryWarningInDays() {
        // KAFKA_STARTUP_TIMEOUT=10 meant 10 ms (Spring's default unit), and startup blamed the broker
        Map<String, Object> env = Map.ofEntries(Map.entry("KAFKA_ENABLED", "false"),
                Map.entry("KAFKA_STARTUP_TIMEOUT", "10"), Map.entry("KAFKA_SHUTDOWN_TIMEOUT", "45"),
                Map.entry("KAFKA_MISSING_TOPIC_TIMEOUT", "60"), Map.entry("KAFKA_PUBLISH_RETRY_INTERVAL", "2"),
                Map.entry("KAFKA_HEALTH_TIMEOUT", "3"), Map.entry("KAFKA_HEALTH_CACHE_TTL", "4"),
                Map.entry("KAFKA_TLS_RELOAD_INTERVAL", "30"), Map.entry("KAFKA_TLS_EXPIRY_WARNING", "14"),
                Map.entry("KAFKA_JOURNAL_FSYNC_INTERVAL", "100"));
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env)).run((context) -> {
            KafkaPoolProperties properties = context.getBean(KafkaPoolProperties.class);
            assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(properties.getMissingTopicTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.getPublishRetryInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.getHealth().getTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.getHealth().getCacheTtl()).isEqualTo(Duration.ofSeconds(4));
            assertThat(properties.getTls().getReloadInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getTls().getExpiryWarning()).isEqualTo(Duration.ofDays(14));
            assertThat(properties.getJournal().getFsyncInterval()).isEqualTo(Duration.ofMillis(100));
        });
    }

    @Test
    void aBareNumberOfSecondsThatLooksLikeMillisecondsIsAWarningWithBothForms(CapturedOutput output) {
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                "KAFKA_SHUTDOWN_TIMEOUT", "30000", "KAFKA_STARTUP_TIMEOUT", "20", "KAFKA_HEALTH_TIMEOUT", "1500ms")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(KafkaPoolProperties.class).getShutdownTimeout())
                    .isEqualTo(Duration.ofSeconds(30000));
                assertThat(output).containsOnlyOnce("KAFKA_SHUTDOWN_TIMEOUT=30000 is read as 30000 seconds (8h20m): a "
                        + "number without a unit is in seconds for this setting; write 30000ms if milliseconds were meant")
                    .doesNotContain("KAFKA_STARTUP_TIMEOUT=20 is read")
                    .doesNotContain("KAFKA_HEALTH_TIMEOUT=1500ms is read");
            });
    }

    @Test
    void theOtherFormsSpringBindsAreNeitherUnknownNorMisspelled(CapturedOutput output) {
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                "KAFKA_NUMTHREADS", "3", "KAFKA_FAILFAST", "false", "KAFKA_TLS_CLIENTCERT", "/tls/client.crt",
                "KAFKA_TOPICS_0", "orders", "KAFKA_TOPICS_1", "payments")))
            .withPropertyValues("kafka.shutdownTimeout=5s")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                KafkaPoolProperties properties = context.getBean(KafkaPoolProperties.class);
                assertThat(properties.getNumThreads()).isEqualTo(3);
                assertThat(properties.getTopics()).containsExactly("orders", "payments");
                assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(output).doesNotContain("look misspelled").doesNotContain("Ignoring settings");
            });
    }

    @Test
    void journalSettingsWithoutAJournalDirectoryAreAWarningThatTheyDoNothing(CapturedOutput output) {
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                "KAFKA_JOURNAL_FSYNC", "always", "KAFKA_JOURNAL_MAX_BYTES", "2GB")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).containsOnlyOnce("KAFKA_JOURNAL_FSYNC=always, KAFKA_JOURNAL_MAX_BYTES=2GB set"
                        + " without KAFKA_JOURNAL_DIR: records are held in memory only");
            });
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false")))
            .run((context) -> assertThat(output).containsOnlyOnce("without KAFKA_JOURNAL_DIR"));
    }

    @Test
    void numericOneEnablesKafkaAsInRustKafkaThreadpool() {
        this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "1",
                    "KAFKA_BROKERS", "localhost:1", "KAFKA_TLS_ENABLED", "0")))
            .run((context) -> assertThat(context.getBean(KafkaPoolProperties.class).isEnabled()).isTrue());
    }

    @Test
    void thePoolsFirstLineSaysWhatItWasGivenAndTheNotesOnOtherSettingsFollowIt(CapturedOutput output) {
        this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "1",
                    "KAFKA_LOG_LABEL", "ktp", "KAFKA_BROKERS", "localhost:1", "KAFKA_TLS_ENABLED", "false",
                    "KAFKA_FAIL_FAST", "false", "KAFKA_PUBLISH_IDLE_INTERVAL_SEC", "0.5")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                List<String> lines = output.getOut().lines().filter((line) -> line.contains("ktp - ")).toList();
                assertThat(lines).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("ktp - Starting: brokers=localhost:1")
                    .contains("workers=2");
                assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Ignoring settings with no meaning"))
                    .anySatisfy((line) -> assertThat(line).contains("TLS is disabled"));
            });
    }

    @Test
    void settingsWithNoMeaningHereAreLoggedOnceAtInfoAndTyposOnceAtWarnWithTheSettingTheyMeant(CapturedOutput output) {
        this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                    "KAFKA_PUBLISH_IDLE_INTERVAL_SEC", "0.5", "KAFKA_METADATA_COUNT_MSG_OFFSETS", "true",
                    "KAFKA_NUM_THREAD", "3", "KAFKA_SOMETHING_ELSE", "x", "KAFKA_PRODUCER_LINGERMS", "5",
                    "KAFKA_PRODUCER_MY_INTERCEPTOR_REGION", "eu")))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).containsOnlyOnce("Ignoring settings with no meaning here")
                    .contains("KAFKA_PUBLISH_IDLE_INTERVAL_SEC (rust-kafka-threadpool's idle poll")
                    .contains("KAFKA_METADATA_COUNT_MSG_OFFSETS")
                    .contains("KAFKA_SOMETHING_ELSE (not a kafka-pool setting)")
                    .doesNotContain("KAFKA_NUM_THREADS (");
                assertThat(output.getOut().lines().filter((line) -> line.contains(" WARN ")))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("Settings that look misspelled: ")
                    .contains("KAFKA_NUM_THREAD (no such setting, ignored; did you mean KAFKA_NUM_THREADS?)")
                    .contains("KAFKA_PRODUCER_LINGERMS ('lingerms' is no Kafka producer setting: passed to the producer, "
                            + "which does not use it; did you mean KAFKA_PRODUCER_LINGER_MS (linger.ms)?)")
                    .doesNotContain("REGION");
            });
    }

}
