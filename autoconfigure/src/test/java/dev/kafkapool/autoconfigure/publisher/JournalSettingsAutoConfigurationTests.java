package dev.kafkapool.autoconfigure.publisher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.health.KafkaPoolHealthAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.KafkaPoolMetricsAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.KafkaPublisherMeterBinder;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.Journal;
import dev.kafkapool.publisher.journal.JournalException;
import dev.kafkapool.publisher.journal.JournalSettings;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code KAFKA_JOURNAL_*}: how they reach the pool, and how a bad one stops startup. */
@ExtendWith(OutputCaptureExtension.class)
class JournalSettingsAutoConfigurationTests {

    @TempDir
    Path directory;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolHealthAutoConfiguration.class, KafkaPoolMetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    private ApplicationContextRunner withEnv(String... variables) {
        TestPki pki = TestPki.shared();
        Map<String, Object> env = KafkaPoolTestEnvironment.with(Map.of(), "KAFKA_BROKERS=localhost:1",
                "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(), "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_FAIL_FAST=false",
                "KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_HEALTH_TIMEOUT=200ms");
        return this.runner
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.with(env, variables)));
    }

    @Test
    void withoutADirectoryThePoolKeepsRecordsInMemoryOnly() {
        withEnv().run((context) -> {
            PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
            assertThat(publisher.config().journal()).isNull();
            assertThat(publisher.journalStats()).isEmpty();
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(KafkaPublisherMeterBinder.class).bindTo(registry);
            assertThat(registry.find("kafka.publisher.queue.messages").gauge()).isNotNull();
            assertThat(registry.find("kafka.publisher.journal.bytes").gauge()).isNull();
        });
    }

    @Test
    void theJournalVariablesReachThePoolInAnySpellingOfTheMode() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_FSYNC=Always",
                "KAFKA_JOURNAL_FSYNC_INTERVAL=50ms", "KAFKA_JOURNAL_MAX_BYTES=16MB")
            .run((context) -> {
                JournalSettings journal = context.getBean(PooledKafkaPublisher.class).config().journal();
                assertThat(journal.directory()).isEqualTo(this.directory);
                assertThat(journal.fsync()).isEqualTo(FsyncMode.ALWAYS);
                assertThat(journal.fsyncInterval()).isEqualTo(Duration.ofMillis(50));
                assertThat(journal.maxBytes()).isEqualTo(16L * 1024 * 1024);
                assertThat(this.directory.resolve("journal.lock")).exists();
            });
    }

    @Test
    void theDefaultsAreIntervalEvery200msAndOneGigabyte() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory).run((context) -> {
            JournalSettings journal = context.getBean(PooledKafkaPublisher.class).config().journal();
            assertThat(journal.fsync()).isEqualTo(FsyncMode.INTERVAL);
            assertThat(journal.fsyncInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(journal.maxBytes()).isEqualTo(1024L * 1024 * 1024);
            assertThat(journal.segmentBytes()).isEqualTo(64 * 1024 * 1024);
        });
    }

    @Test
    void aDirectoryInUseByAnotherPoolStopsStartupNamingTheVariableAndTheDirectory() {
        try (Journal other = Journal.open(JournalSettings.of(this.directory, FsyncMode.NEVER, Duration.ofSeconds(1),
                8L * 1024 * 1024), "other")) {
            withEnv("KAFKA_JOURNAL_DIR=" + this.directory).run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining("KAFKA_JOURNAL_DIR")
                .hasMessageContaining(this.directory.toString())
                .hasMessageContaining("in use by another live process")
                .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action())
                    .contains("a journal directory of its own")));
        }
    }

    @Test
    void aDirectoryThatCannotBeMadeStopsStartupNamingTheVariable() throws Exception {
        Path file = Files.writeString(this.directory.resolve("a-file"), "not a directory");
        withEnv("KAFKA_JOURNAL_DIR=" + file.resolve("journal")).run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
            .hasMessageContaining("KAFKA_JOURNAL_DIR")
            .hasMessageContaining(file.toString())
            .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action())
                .startsWith("Point KAFKA_JOURNAL_DIR at a directory")));
    }

    @Test
    void aVolumeWithoutRoomForTheFirstSegmentStopsStartupWithAFixThatNamesTheBound() throws Exception {
        // stands in for a full volume: the first segment cannot be made
        Path blocker = Files.createDirectories(this.directory.resolve(String.format("%016d.journal.new", 1)));
        Files.writeString(blocker.resolve("taken"), "no room");
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory).run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
            .hasMessageContaining("KAFKA_JOURNAL_DIR")
            .hasMessageContaining("nothing it holds will free room")
            .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action())
                .startsWith("Give the volume room for KAFKA_JOURNAL_MAX_BYTES")
                .doesNotContain("writable")));
    }

    @Test
    void aJournalSmallerThanFourMegabytesStopsStartupNamingTheVariable() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_MAX_BYTES=1MB")
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining("KAFKA_JOURNAL_MAX_BYTES")
                .hasMessageContaining("at least 4MB, was 1MB")
                .satisfies((ex) -> assertThat(((KafkaPoolStartupException) ex).action()).contains("(at least 4MB)")));
    }

    @ParameterizedTest
    @CsvSource({ "KAFKA_JOURNAL_FSYNC_INTERVAL, 99999999999999d", "KAFKA_SHUTDOWN_TIMEOUT, 110000d",
            "KAFKA_TLS_RELOAD_INTERVAL, 99999999999999d", "KAFKA_MISSING_TOPIC_TIMEOUT, 110000d",
            "KAFKA_HEALTH_CACHE_TTL, 110000d", "KAFKA_TLS_EXPIRY_WARNING, 110000d", "KAFKA_STARTUP_TIMEOUT, 110000d" })
    void aDurationLongerThanTheJvmsTimersCountStopsStartupNamingTheVariable(String variable, String value) {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, variable + "=" + value)
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining(variable)
                .hasMessageContaining("must be at most 106751d (the longest wait the JVM's timers count), was "
                        + value));
    }

    @ParameterizedTest
    @CsvSource({ "0s, 0ms", "-1s, -1s", "1ns, 1ns", "999us, 999000ns" })
    void anFsyncIntervalUnderOneMillisecondStopsStartupQuotingTheValueReadably(String given, String quoted) {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_FSYNC_INTERVAL=" + given)
            .run((context) -> assertThat(FailureReports.startupFailure(context.getStartupFailure()))
                .hasMessageContaining("KAFKA_JOURNAL_FSYNC_INTERVAL")
                .hasMessageContaining("must be at least 1ms, was " + quoted + " "));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1ms", "1", "PT0.001S" })
    void anFsyncIntervalOfExactlyOneMillisecondIsTakenInEverySpelling(String interval, CapturedOutput output) {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_FSYNC_INTERVAL=" + interval).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PooledKafkaPublisher.class).config().journal().fsyncInterval())
                .isEqualTo(Duration.ofMillis(1));
            assertThat(output).doesNotContain("KAFKA_JOURNAL_FSYNC_INTERVAL=");
        });
    }

    @Test
    void anFsyncIntervalOfOverAMinuteIsTakenAndWarnedAbout(CapturedOutput output) {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_FSYNC_INTERVAL=1h").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PooledKafkaPublisher.class).config().journal().fsyncInterval())
                .isEqualTo(Duration.ofHours(1));
            assertThat(output).contains("KAFKA_JOURNAL_FSYNC_INTERVAL=1h: a power loss or kernel crash may lose");
        });
    }

    @Test
    void aRelativeDirectoryIsResolvedOnceAndWarnedAbout(CapturedOutput output) {
        String relative = Path.of("").toAbsolutePath().relativize(this.directory).toString();
        withEnv("KAFKA_JOURNAL_DIR=" + relative).run((context) -> {
            JournalSettings journal = context.getBean(PooledKafkaPublisher.class).config().journal();
            assertThat(journal.directory()).isAbsolute().isEqualTo(this.directory);
            assertThat(output).contains("KAFKA_JOURNAL_DIR=" + relative + " is a relative path");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) context
                .getBean("kafkaHealthIndicator", HealthIndicator.class).health().getDetails().get("journal");
            assertThat(details).containsEntry("dir", this.directory.toString()).containsEntry("fsyncInterval", "200ms");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   " })
    void anEmptyDirectoryMeansNoJournalAndSaysSo(String empty, CapturedOutput output) {
        withEnv("KAFKA_JOURNAL_DIR=" + empty).run((context) -> {
            assertThat(context.getBean(PooledKafkaPublisher.class).config().journal()).isNull();
            assertThat(output).contains("KAFKA_JOURNAL_DIR is set but empty: there is no journal");
        });
    }

    @Test
    void aBoundLargerThanTheVolumeIsTakenAndWarnedAboutAtStart(CapturedOutput output) {
        // no volume here has a petabyte: the first segment (64 MB at most) is made, the bound is out of reach
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_MAX_BYTES=1000TB").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("The volume of the journal directory " + this.directory + " has room for")
                .contains("less than its bound (" + 1000L * 1024 * 1024 * 1024 * 1024 + " bytes) plus one segment");
        });
    }

    @Test
    void theStartSaysWhereAndHowRecordsAreJournaled(CapturedOutput output) {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_JOURNAL_MAX_BYTES=16MB").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("Journal in " + this.directory + ": fsync interval every 200 ms, at most "
                    + 16 * 1024 * 1024 + " bytes in segments of " + 2 * 1024 * 1024);
            assertThat(output).doesNotContain("has room for");
        });
    }

    @Test
    void aJournalDirectoryAnotherProcessTookAfterItsLockFileWasDeletedMakesHealthDown() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory).run((context) -> {
            // in this process, as another process would: a new lock file, locked
            try (Journal other = takeOver(this.directory)) {
                HealthIndicator indicator = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                Health health = indicator.health();
                while (!String.valueOf(health.getDetails().get("reason")).startsWith("another live process")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    health = indicator.health();
                }
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("reason"))
                    .startsWith("another live process writes the journal directory " + this.directory)
                    .contains("each needs a directory of its own");
                @SuppressWarnings("unchecked")
                Map<String, Object> journal = (Map<String, Object>) health.getDetails().get("journal");
                assertThat(journal).containsEntry("sharedDirectory", true);
            }
        });
    }

    @Test
    void aJournalThatCannotMakeASegmentMakesHealthDownWithWhyUntilTheDirectoryIsMended() throws Exception {
        // every publish was refused (JOURNAL_FULL) while health said UP: the pod stayed in the Service, refusing all
        Path journalDirectory = this.directory.resolve("journal");
        withEnv("KAFKA_JOURNAL_DIR=" + journalDirectory, "KAFKA_JOURNAL_MAX_BYTES=16MB").run((context) -> {
            PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
            HealthIndicator indicator = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
            publisher.publish(KafkaMessage.of("orders", "k", "before"));
            // a file where the directory was (the lock makes a deleted directory again): no segment can be made there
            for (int attempt = 0; !Files.isRegularFile(journalDirectory); attempt++) {
                try (java.util.stream.Stream<Path> files = Files.walk(journalDirectory)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                    Files.writeString(journalDirectory, "not a directory");
                }
                catch (java.io.IOException ex) {
                    assertThat(attempt).as("the directory replaced").isLessThan(100);
                    Thread.sleep(10);
                }
            }
            String value = "v".repeat(1000);
            assertThatExceptionOfType(PublishRejectedException.class).isThrownBy(() -> {
                for (int i = 0; i < 20_000; i++) {
                    publisher.publish(KafkaMessage.of("orders", "k", value));
                }
            }).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(PublishRejectedException.Reason.JOURNAL_FULL));

            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason"))
                .startsWith("the journal cannot make a new segment, so publishing is refused (JOURNAL_FULL)")
                .contains(journalDirectory.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> journal = (Map<String, Object>) health.getDetails().get("journal");
            assertThat(journal).containsKey("writeFailure");

            Files.delete(journalDirectory);
            Files.createDirectories(journalDirectory);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (String.valueOf(health.getDetails().get("reason")).startsWith("the journal cannot")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                health = indicator.health();
            }
            assertThat(String.valueOf(health.getDetails().get("reason"))).doesNotStartWith("the journal cannot");
            publisher.publish(KafkaMessage.of("orders", "k", "after"));
        });
    }

    /**
     * Deletes the journal's lock file and opens a journal in {@code directory}, as another process
     * would; again if the pool's lock check (every second) made the file anew in between.
     */
    private static Journal takeOver(Path directory) throws Exception {
        for (int attempt = 1;; attempt++) {
            Files.deleteIfExists(directory.resolve("journal.lock"));
            try {
                return Journal.open(JournalSettings.of(directory, FsyncMode.NEVER, Duration.ofSeconds(1),
                        8L * 1024 * 1024), "other");
            }
            catch (JournalException ex) {
                if (attempt == 5) {
                    throw ex;
                }
            }
        }
    }

    @Test
    void withKafkaDisabledTheJournalIsNotOpenedAndHealthSaysItsRecordsWait() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory, "KAFKA_ENABLED=false").run((context) -> {
            PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
            assertThat(publisher.journalStats()).isEmpty();
            Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getDetails()).containsEntry("enabled", false);
            assertThat(health.getDetails().get("journal").toString()).contains("not opened")
                .contains(this.directory.toString())
                .contains("wait there, undelivered");
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(KafkaPublisherMeterBinder.class).bindTo(registry);
            // no journal meters: a 0 for records it may hold would be a wrong answer
            assertThat(registry.find("kafka.publisher.journal.unacknowledged").gauge()).isNull();
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(this.directory)) {
                assertThat(files).as("nothing made in the directory").isEmpty();
            }
        });
    }

    @Test
    void healthAndMetricsShowTheJournal() {
        withEnv("KAFKA_JOURNAL_DIR=" + this.directory).run((context) -> {
            PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
            publisher.publish(KafkaMessage.of("orders", "k", "v"));

            Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getDetails()).containsKey("journal");
            @SuppressWarnings("unchecked")
            Map<String, Object> journal = (Map<String, Object>) health.getDetails().get("journal");
            assertThat(journal).containsEntry("dir", this.directory.toString())
                .containsEntry("fsync", "interval")
                .containsEntry("unacknowledged", 1L)
                .containsEntry("corrupt", 0L)
                .containsEntry("torn", 0L)
                .containsEntry("fsyncFailures", 0L)
                .containsKeys("bytes", "maxBytes", "segments", "oldestUnacknowledgedAge", "replayed");

            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(KafkaPublisherMeterBinder.class).bindTo(registry);
            assertThat(registry.get("kafka.publisher.journal.unacknowledged").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("kafka.publisher.journal.bytes").gauge().value()).isPositive();
            assertThat(registry.get("kafka.publisher.journal.max.bytes").gauge().value()).isEqualTo(1024.0 * 1024 * 1024);
            assertThat(registry.get("kafka.publisher.journal.segments").gauge().value()).isPositive();
            assertThat(registry.get("kafka.publisher.journal.fsync").functionTimer()).isNotNull();
            assertThat(registry.get("kafka.publisher.journal.replayed").functionCounter().count()).isZero();
            assertThat(registry.get("kafka.publisher.journal.corrupt").functionCounter().count()).isZero();
            assertThat(registry.get("kafka.publisher.journal.torn").functionCounter().count()).isZero();
            assertThat(registry.get("kafka.publisher.journal.fsync.failures").functionCounter().count()).isZero();
            assertThat(registry.get("kafka.publisher.journal.oldest.unacknowledged.age").timeGauge()).isNotNull();
        });
    }

}
