package dev.kafkapool.autoconfigure.aot;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A start on Spring AOT's generated definitions stops, naming the setting, when a setting that
 * chose the starter's beans at build time differs at run time; the same settings start; and
 * nothing is checked without generated definitions.
 */
class AotSettingsCheckTests {

    /** What the sample's image is built with: brokers and PEM files set, every switch at its default. */
    private static final Map<String, String> IMAGE_BUILD = AotSettings.of(pemFiles(new MockEnvironment()));

    @Test
    void theBuildsSettingsAreRecordedAsTheConditionsReadThem() {
        assertThat(IMAGE_BUILD).containsExactly(Map.entry("kafka.enabled", "on"), Map.entry("kafka.fail-fast", "on"),
                Map.entry("kafka.tls.enabled", "on"), Map.entry("kafka.tls.reload", "on"),
                Map.entry("kafka.brokers", "set"), Map.entry("kafka.tls.bundle", "unset"),
                Map.entry("kafka.tls.client-cert", "set"));
    }

    @Test
    void theSameSettingsWithOtherValuesStart() {
        MockEnvironment run = new MockEnvironment().withProperty("kafka.brokers", "kafka-0:9093,kafka-1:9093")
            .withProperty("kafka.tls.client-ca", "/tls/ca.crt")
            .withProperty("kafka.tls.client-cert", "/tls/client.crt")
            .withProperty("kafka.enabled", "1")
            .withProperty("kafka.fail-fast", "YES");

        assertThatCode(() -> AotSettingsCheck.check(IMAGE_BUILD, run)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "false", "0", "no", "OFF" })
    void kafkaDisabledOnABuildWithKafkaStopsAndNamesOnlyThatSetting(String off) {
        MockEnvironment run = new MockEnvironment().withProperty("kafka.enabled", off);

        KafkaPoolStartupException failure = refused(run);

        assertThat(failure.setting()).isEqualTo("KAFKA_ENABLED");
        assertThat(failure.problem()).contains("KAFKA_ENABLED (kafka.enabled) is off, the build had it on")
            .contains("-Dspring.aot.enabled=true")
            .doesNotContain("KAFKA_BROKERS", "KAFKA_TLS");
        assertThat(failure.action()).startsWith("Start without -Dspring.aot.enabled=true")
            .contains("JAVA_TOOL_OPTIONS", "process-aot");
    }

    @Test
    void brokersMissingOnABuildWithBrokersSaysToSetThemBeforeTurningAotOff() {
        MockEnvironment run = new MockEnvironment().withProperty("kafka.tls.client-ca", "/tls/ca.crt")
            .withProperty("kafka.tls.client-cert", "/tls/client.crt")
            .withProperty("kafka.tls.client-key", "/tls/client.key");

        KafkaPoolStartupException failure = refused(run);

        assertThat(failure.setting()).isEqualTo("KAFKA_BROKERS");
        assertThat(failure.action()).startsWith("Set KAFKA_BROKERS to the cluster's bootstrap servers")
            .contains("If that is meant, start without -Dspring.aot.enabled=true");
    }

    @Test
    void settingsOtherThanBrokersDoNotAskForBrokers() {
        KafkaPoolStartupException failure = refused(pemFiles(new MockEnvironment()).withProperty("kafka.fail-fast", "off"));

        assertThat(failure.action()).doesNotContain("Set KAFKA_BROKERS");
    }

    @Test
    void kafkaDisabledAtBuildAndRunTimeStartsWhateverElseDiffers() {
        Map<String, String> built = AotSettings.of(new MockEnvironment().withProperty("kafka.enabled", "false"));
        MockEnvironment run = pemFiles(new MockEnvironment()).withProperty("kafka.enabled", "off");

        assertThatCode(() -> AotSettingsCheck.check(built, run)).doesNotThrowAnyException();
    }

    @Test
    void failFastOffOnABuildWithItOnStops() {
        KafkaPoolStartupException failure = refused(pemFiles(new MockEnvironment()).withProperty("kafka.fail-fast", "false"));

        assertThat(failure.setting()).isEqualTo("KAFKA_FAIL_FAST");
        assertThat(failure.problem()).contains("KAFKA_FAIL_FAST (kafka.fail-fast) is off, the build had it on");
    }

    @Test
    void tlsOffStopsAndNamesOnlyThatSetting() {
        KafkaPoolStartupException failure = refused(
                new MockEnvironment().withProperty("kafka.brokers", "kafka:9092").withProperty("kafka.tls.enabled", "false"));

        assertThat(failure.setting()).isEqualTo("KAFKA_TLS_ENABLED");
    }

    @Test
    void reloadOffStopsAndNamesOnlyThatSetting() {
        KafkaPoolStartupException failure = refused(pemFiles(new MockEnvironment()).withProperty("kafka.tls.reload", "0"));

        assertThat(failure.setting()).isEqualTo("KAFKA_TLS_RELOAD");
    }

    @Test
    void pemFilesSetOnlyAtRunTimeStopBecauseTheBuildMadeNoReloaderForThem() {
        Map<String, String> built = AotSettings.of(new MockEnvironment().withProperty("kafka.brokers", "kafka:9093"));

        KafkaPoolStartupException failure = catchThrowableOfType(KafkaPoolStartupException.class,
                () -> AotSettingsCheck.check(built, pemFiles(new MockEnvironment())));

        assertThat(failure.setting()).isEqualTo("KAFKA_TLS_CLIENT_CERT");
        assertThat(failure.problem())
            .contains("a client PEM file (KAFKA_TLS_CLIENT_CERT or KAFKA_TLS_CLIENT_CA) is set, the build had it unset");
    }

    @Test
    void anSslBundleInsteadOfTheBuildsPemFilesStopsNamingTheBundle() {
        MockEnvironment run = new MockEnvironment().withProperty("kafka.brokers", "kafka:9093")
            .withProperty("kafka.tls.bundle", "kafka");

        assertThat(refused(run).setting()).isEqualTo("KAFKA_TLS_BUNDLE");
    }

    @Test
    void switchesThatDecideNothingWithoutPemFilesOrABundleStart() {
        Map<String, String> built = AotSettings.of(new MockEnvironment().withProperty("kafka.brokers", "kafka:9093"));
        MockEnvironment run = new MockEnvironment().withProperty("kafka.brokers", "kafka:9093")
            .withProperty("kafka.tls.enabled", "false")
            .withProperty("kafka.tls.reload", "false");

        assertThatCode(() -> AotSettingsCheck.check(built, run)).doesNotThrowAnyException();
    }

    @Test
    void pemFilesWithoutBrokersDecideNothingEither() {
        Map<String, String> built = AotSettings.of(new MockEnvironment());
        MockEnvironment run = new MockEnvironment().withProperty("kafka.tls.client-ca", "/tls/ca.crt");

        assertThatCode(() -> AotSettingsCheck.check(built, run)).doesNotThrowAnyException();
    }

    @Test
    void aSwitchThatIsNotABooleanIsLeftToTheSettingsOwnBindingReport() {
        MockEnvironment run = pemFiles(new MockEnvironment()).withProperty("kafka.fail-fast", "maybe");

        assertThatCode(() -> AotSettingsCheck.check(IMAGE_BUILD, run)).doesNotThrowAnyException();
    }

    @Test
    void theReportNamesTheSettingAndTheWayOut() {
        FailureAnalysis analysis = FailureReports.analyze(refused(new MockEnvironment().withProperty("kafka.enabled", "false")));

        assertThat(analysis.getDescription()).contains("Setting: KAFKA_ENABLED", "Spring AOT generated at build time");
        assertThat(analysis.getAction()).contains("Start without -Dspring.aot.enabled=true");
    }

    @Test
    void withoutGeneratedDefinitionsNothingIsChecked() {
        SpringApplication application = applicationWithRecorded("kafka.enabled=on\n");

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
        assertThatCode(() -> new AotSettingsCheck().postProcessEnvironment(
                new MockEnvironment().withProperty("kafka.enabled", "false"), application))
            .doesNotThrowAnyException();
    }

    @Test
    void onGeneratedDefinitionsTheRecordedSettingsAreCheckedBeforeAnyBean() {
        SpringApplication application = applicationWithRecorded(AotSettings.write(IMAGE_BUILD));
        System.setProperty(AotDetector.AOT_ENABLED, "true");
        try {
            KafkaPoolStartupException failure = catchThrowableOfType(KafkaPoolStartupException.class,
                    () -> new AotSettingsCheck().postProcessEnvironment(
                            new MockEnvironment().withProperty("kafka.enabled", "false"), application));
            assertThat(failure.setting()).isEqualTo("KAFKA_ENABLED");
            assertThatCode(() -> new AotSettingsCheck().postProcessEnvironment(pemFiles(new MockEnvironment()),
                    application))
                .doesNotThrowAnyException();
            // definitions generated by a version that recorded nothing: nothing to compare
            assertThatCode(() -> new AotSettingsCheck().postProcessEnvironment(
                    new MockEnvironment().withProperty("kafka.enabled", "false"), applicationWithRecorded(null)))
                .doesNotThrowAnyException();
        }
        finally {
            System.clearProperty(AotDetector.AOT_ENABLED);
        }
    }

    private static KafkaPoolStartupException refused(MockEnvironment run) {
        KafkaPoolStartupException failure = catchThrowableOfType(KafkaPoolStartupException.class,
                () -> AotSettingsCheck.check(IMAGE_BUILD, run));
        assertThat(failure).as("the start on the image's definitions is refused").isNotNull();
        return failure;
    }

    private static MockEnvironment pemFiles(MockEnvironment environment) {
        return environment.withProperty("kafka.brokers", "kafka:9093")
            .withProperty("kafka.tls.client-ca", "/tls/ca.crt")
            .withProperty("kafka.tls.client-cert", "/tls/client.crt")
            .withProperty("kafka.tls.client-key", "/tls/client.key");
    }

    /** An application whose class loader serves {@code recorded} as the build's settings, or no such file. */
    private static SpringApplication applicationWithRecorded(String recorded) {
        ClassLoader loader = new ClassLoader(AotSettingsCheckTests.class.getClassLoader()) {

            @Override
            public InputStream getResourceAsStream(String name) {
                if (!AotSettings.RESOURCE.equals(name)) {
                    return super.getResourceAsStream(name);
                }
                return (recorded != null) ? new ByteArrayInputStream(recorded.getBytes(StandardCharsets.ISO_8859_1))
                        : null;
            }

        };
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(loader));
        return application;
    }

}
