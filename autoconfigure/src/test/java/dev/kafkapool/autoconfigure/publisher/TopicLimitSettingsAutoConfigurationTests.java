package dev.kafkapool.autoconfigure.publisher;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.FailureReports;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.metrics.KafkaPoolMetricsAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.PublishRejectedException.Reason;
import dev.kafkapool.publisher.TopicLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code kafka.topic-limits.*} and {@code KAFKA_TOPIC_LIMITS_<TOPIC>_*}: how they reach the pool, and how a bad one stops startup. */
class TopicLimitSettingsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolMetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    private ApplicationContextRunner withEnv(String... variables) {
        return this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment
            .with(Map.of("KAFKA_ENABLED", "false", "KAFKA_TOPICS", "orders,orders.v1,Payments-EU"), variables)));
    }

    @Test
    void environmentVariablesNameTopicsWithDotsDashesAndCaseAsTheChartWritesThem() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND=1000", "KAFKA_TOPIC_LIMITS_ORDERS_BURST=50",
                "KAFKA_TOPIC_LIMITS_ORDERS_V1_BYTES_PER_SECOND=1MB", "KAFKA_TOPIC_LIMITS_PAYMENTS_EU_RECORDS_PER_SECOND=0.5")
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().topicLimits())
                .containsOnly(Map.entry("orders", new TopicLimit(1000, 0, 50)),
                        Map.entry("orders.v1", new TopicLimit(0, 1024 * 1024, 0)),
                        Map.entry("Payments-EU", new TopicLimit(0.5, 0, 0))));
    }

    @Test
    void propertiesNameTheTopicExactlyAndAVariableOverridesOneField() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST=7")
            .withPropertyValues("kafka.topic-limits[orders.v1].records-per-second=100",
                    "kafka.topic-limits[orders.v1].burst=3")
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().topicLimits())
                .containsOnly(Map.entry("orders.v1", new TopicLimit(100, 0, 7))));
    }

    @Test
    void aLimitedTopicIsRefusedAsRateLimitedWhileAnotherIsNot() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND=1", "KAFKA_TOPIC_LIMITS_ORDERS_BURST=1",
                "KAFKA_ENABLED=true", "KAFKA_BROKERS=localhost:1", "KAFKA_TLS_ENABLED=false", "KAFKA_FAIL_FAST=false",
                "KAFKA_SHUTDOWN_TIMEOUT=0s")
            .run((context) -> {
                PooledKafkaPublisher publisher = context.getBean(PooledKafkaPublisher.class);
                publisher.publish(KafkaMessage.of("orders", "k", "v"));
                assertThatExceptionOfType(PublishRejectedException.class)
                    .isThrownBy(() -> publisher.publish(KafkaMessage.of("orders", "k", "v")))
                    .satisfies((ex) -> {
                        assertThat(ex.reason()).isEqualTo(Reason.RATE_LIMITED);
                        assertThat(ex.retryAfter()).isPresent();
                        assertThat(ex.getMessage()).contains("KAFKA_TOPIC_LIMITS_ORDERS");
                    });
                publisher.publish(KafkaMessage.of("orders.v1", "k", "v"));
                publisher.publish(KafkaMessage.of("orders.v1", "k", "v"));
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("kafka.publisher.rejected").tags("reason", "rate_limited", "topic", "orders")
                    .counter()
                    .count()).isEqualTo(1);
            });
    }

    @Test
    void aVariableThatNamesNoAllowedTopicStopsStartupNamingItAndTheFix() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDER_RECORDS_PER_SECOND=10").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_TOPIC_LIMITS_ORDER_RECORDS_PER_SECOND");
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("KAFKA_TOPIC_LIMITS_ORDER_RECORDS_PER_SECOND", "ORDER",
                    "matches no topic of KAFKA_TOPICS");
            assertThat(analysis.getAction()).contains("orders.v1 is KAFKA_TOPIC_LIMITS_ORDERS_V1_RECORDS_PER_SECOND");
        });
    }

    @Test
    void aVariableThatFitsTwoAllowedTopicsIsRefusedAsAmbiguous() {
        this.runner.withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false",
                "KAFKA_TOPICS", "orders.v1,orders-v1", "KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST", "5")))
            .run((context) -> {
                FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST", "orders.v1",
                        "orders-v1");
                assertThat(analysis.getAction()).contains("kafka.topic-limits.<topic>.burst");
            });
    }

    @Test
    void aValueThatIsNoNumberOrAFieldThatDoesNotExistStopsStartup() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND=fast").run((context) -> assertThat(
                FailureReports.startupFailure(context.getStartupFailure()).getMessage())
            .contains("KAFKA_TOPIC_LIMITS_ORDERS_RECORDS_PER_SECOND is not a number: 'fast'"));
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_RATE=5").run((context) -> assertThat(
                FailureReports.startupFailure(context.getStartupFailure()).getMessage())
            .contains("KAFKA_TOPIC_LIMITS_ORDERS_RATE is not a rate setting"));
    }

    @Test
    void aDottedTopicWithoutBracketsStopsStartupWithTheBracketedFormInsteadOfSettingNoLimit() {
        // Spring binds it to topic 'orders' with a field 'v1.records-per-second' it drops: a grader's limit was not in force
        withEnv().withPropertyValues("kafka.topic-limits.orders.v1.records-per-second=5").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("kafka.topic-limits.orders.v1.records-per-second");
            FailureAnalysis analysis = FailureReports.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("names topic 'orders'", "must be in brackets");
            assertThat(analysis.getAction()).contains("kafka.topic-limits[orders.v1].records-per-second");
        });
    }

    @Test
    void aMisspelledLimitPropertyStopsStartupNamingTheFields() {
        withEnv().withPropertyValues("kafka.topic-limits.orders.record-per-second=5").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("kafka.topic-limits.orders.record-per-second");
            assertThat(failure.getMessage()).contains("is not a rate setting of topic 'orders'", "records-per-second",
                    "not 'record-per-second'");
        });
        // bracketed, with more after the topic: it does end in a rate, the trouble is '.v1' (g56r)
        withEnv().withPropertyValues("kafka.topic-limits[orders].v1.records-per-second=5").run((context) -> assertThat(
                FailureReports.startupFailure(context.getStartupFailure()).getMessage())
            .contains("is not a rate setting of topic 'orders'", "not 'v1.records-per-second'"));
    }

    @Test
    void limitPropertiesInEachFormSpringBindsAreTaken() {
        withEnv().withPropertyValues("kafka.topic-limits[orders.v1].records-per-second=5",
                "kafka.topicLimits.orders.recordsPerSecond=7", "kafka.topic-limits.orders.burst=2",
                "kafka.topic-limits[Payments-EU].bytes-per-second=1KB")
            .run((context) -> assertThat(context.getBean(PooledKafkaPublisher.class).config().topicLimits())
                .containsOnly(Map.entry("orders.v1", new TopicLimit(5, 0, 0)), Map.entry("orders", new TopicLimit(7, 0, 2)),
                        Map.entry("Payments-EU", new TopicLimit(0, 1024, 0))));
    }

    @Test
    void aNegativeRateStopsStartupNamingItsVariable() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST=-1").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST");
            assertThat(failure.getMessage()).contains("must be zero (no limit) or positive");
        });
    }

    @Test
    void aRateTooLargeToBeFiniteStopsStartupSayingSoAndHowToHaveNoLimit() {
        // a grader's 1e9999 was "must be zero (no limit) or positive, was Infinity"
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_V1_RECORDS_PER_SECOND=1e9999").run((context) -> {
            KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
            assertThat(failure.setting()).isEqualTo("KAFKA_TOPIC_LIMITS_ORDERS_V1_RECORDS_PER_SECOND");
            assertThat(failure.getMessage()).contains("is too large to be a rate (it reads as infinite): set zero for "
                    + "no limit").doesNotContain("Infinity");
        });
    }

    @Test
    void aBurstWithoutARecordsRateStopsStartupNamingItsVariable() {
        withEnv("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST=7", "KAFKA_TOPIC_LIMITS_ORDERS_V1_BYTES_PER_SECOND=1MB")
            .run((context) -> {
                KafkaPoolStartupException failure = FailureReports.startupFailure(context.getStartupFailure());
                assertThat(failure.setting()).isEqualTo("KAFKA_TOPIC_LIMITS_ORDERS_V1_BURST");
                assertThat(failure.getMessage()).contains("counts records above the records rate")
                    // the variable to write, not the core's field name recordsPerSecond (g56e)
                    .contains("set KAFKA_TOPIC_LIMITS_ORDERS_V1_RECORDS_PER_SECOND beside it");
            });
    }

}
