package dev.kafkapool.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.reload.KafkaTlsReloadAutoConfiguration;
import dev.kafkapool.autoconfigure.reload.TlsFileReloader;
import dev.kafkapool.autoconfigure.startup.KafkaFailFastAutoConfiguration;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.startup.FailFastLifecycle;
import dev.kafkapool.autoconfigure.startup.StartupCheckAdvisory;
import dev.kafkapool.autoconfigure.springkafka.KafkaPoolSpringKafkaAutoConfiguration;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kafka-pool switch means the same wherever it is read, in conditions and in the bound
 * settings alike, whichever of true/false, 1/0, yes/no, on/off it is spelled with and in whatever
 * case, as an environment variable or as a property; a value that is none of them stops startup
 * with a report naming the variable. No broker: the fail-fast cases point at a closed port.
 */
class BooleanSettingSpellingsTests {

    private static final Map<String, Boolean> WORDS = Map.of("true", true, "1", true, "yes", true, "on", true,
            "false", false, "0", false, "no", false, "off", false);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolSpringKafkaAutoConfiguration.class, KafkaFailFastAutoConfiguration.class,
                KafkaTlsReloadAutoConfiguration.class));

    /** Where a setting comes from. */
    enum Source {

        ENVIRONMENT, PROPERTY;

        ApplicationContextRunner set(ApplicationContextRunner runner, Map<String, Object> environment,
                String property, String value) {
            if (this == ENVIRONMENT) {
                return runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(
                        KafkaPoolTestEnvironment.with(environment, SettingNames.env(property) + "=" + value)));
            }
            return runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(environment))
                .withPropertyValues(property + "=" + value);
        }

    }

    /** Each word in lower case, upper case and capitalized, from each source, with what it means. */
    static Stream<Arguments> spellings() {
        List<Arguments> arguments = new ArrayList<>();
        for (Source source : Source.values()) {
            WORDS.forEach((word, meaning) -> {
                Set<String> variants = new LinkedHashSet<>(List.of(word, word.toUpperCase(Locale.ROOT),
                        word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1)));
                variants.forEach((spelling) -> arguments.add(Arguments.of(source, spelling, meaning)));
            });
        }
        return arguments.stream();
    }

    static Stream<Arguments> notBooleans() {
        List<Arguments> arguments = new ArrayList<>();
        for (String property : List.of("kafka.enabled", "kafka.fail-fast", "kafka.tls.enabled", "kafka.shared-producer",
                "kafka.tls.reload")) {
            for (Source source : Source.values()) {
                for (String value : List.of("maybe", "2", "truee", "y")) {
                    arguments.add(Arguments.of(property, source, value));
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} kafka.enabled={1}")
    @MethodSource("spellings")
    void kafkaEnabledSwitchesThePoolAndSpringKafkasConnectionDetailsAlike(Source source, String spelling,
            boolean on) {
        source.set(this.runner, mtls("KAFKA_FAIL_FAST=false"), "kafka.enabled", spelling).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PooledKafkaPublisher.class).config().enabled()).isEqualTo(on);
            assertThat(context.getBeanNamesForType(KafkaConnectionDetails.class)).hasSize(on ? 1 : 0);
        });
    }

    @ParameterizedTest(name = "{0} kafka.fail-fast={1}")
    @MethodSource("spellings")
    void kafkaFailFastChecksTheClusterBeforeStartingOrDoesNot(Source source, String spelling, boolean on) {
        source.set(this.runner, mtls("KAFKA_STARTUP_TIMEOUT=50ms"), "kafka.fail-fast", spelling).run((context) -> {
            if (on) {
                assertThat(context).getFailure()
                    .rootCause()
                    .isInstanceOf(KafkaPoolStartupException.class)
                    // refused, or, on a loaded machine, not answered within the 50ms: the check ran either way
                    .hasMessageContaining("KAFKA_BROKERS")
                    .hasMessageContaining("localhost:1");
            }
            else {
                // the check still runs, after the start, and only logs
                assertThat(context).hasNotFailed().doesNotHaveBean(FailFastLifecycle.class)
                    .hasSingleBean(StartupCheckAdvisory.class);
                assertThat(context.getBean(KafkaPoolProperties.class).isFailFast()).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "{0} kafka.tls.enabled={1}")
    @MethodSource("spellings")
    void kafkaTlsEnabledChoosesSslOrPlaintext(Source source, String spelling, boolean on) {
        source.set(this.runner, mtls("KAFKA_FAIL_FAST=false"), "kafka.tls.enabled", spelling)
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).connection().properties())
                .containsEntry("security.protocol", on ? "SSL" : "PLAINTEXT"));
    }

    @ParameterizedTest(name = "{0} kafka.shared-producer={1}")
    @MethodSource("spellings")
    void kafkaSharedProducerChoosesOneProducerForAllWorkersOrOneEach(Source source, String spelling, boolean on) {
        source.set(this.runner, mtls("KAFKA_FAIL_FAST=false"), "kafka.shared-producer", spelling)
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().sharedProducer())
                .isEqualTo(on));
    }

    @ParameterizedTest(name = "{0} kafka.tls.reload={1}")
    @MethodSource("spellings")
    void kafkaTlsReloadWatchesTheFilesOrDoesNot(Source source, String spelling, boolean on) {
        source.set(this.runner, mtls("KAFKA_FAIL_FAST=false"), "kafka.tls.reload", spelling)
            .run((context) -> assertThat(context.getBeanNamesForType(TlsFileReloader.class)).hasSize(on ? 1 : 0));
    }

    @ParameterizedTest(name = "{0}={2} from {1}")
    @MethodSource("notBooleans")
    void aValueThatIsNoBooleanStopsStartupNamingTheVariable(String property, Source source, String value) {
        source.set(this.runner, mtls("KAFKA_FAIL_FAST=false"), property, value).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Setting: " + SettingNames.env(property))
                .containsIgnoringCase("has the value '" + value + "', which is not a boolean");
            assertThat(analysis.getAction()).contains("1/0, yes/no and on/off");
        });
    }

    private static Map<String, Object> mtls(String... variables) {
        TestPki pki = TestPki.shared();
        Map<String, Object> base = KafkaPoolTestEnvironment.with(Map.of(), "KAFKA_BROKERS=localhost:1",
                "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(), "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_SHUTDOWN_TIMEOUT=0s");
        return KafkaPoolTestEnvironment.with(base, variables);
    }

}
