package dev.kafkapool.autoconfigure.health;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.KafkaPoolMetricsAutoConfiguration;
import dev.kafkapool.autoconfigure.metrics.MicrometerPublisherMetricsTracker;
import dev.kafkapool.autoconfigure.tracing.KafkaPoolTracingAutoConfiguration;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.MessageInterceptor;
import dev.kafkapool.publisher.PublisherMetricsTracker;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, metrics and tracing are optional: each backs off when its library or bean is absent. */
class HealthAndMetricsBackOffTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaPublisherAutoConfiguration.class,
                KafkaPoolHealthAutoConfiguration.class, KafkaPoolMetricsAutoConfiguration.class,
                KafkaPoolTracingAutoConfiguration.class))
        .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(Map.of("KAFKA_ENABLED", "false")));

    @Test
    void healthIndicatorIsNamedKafka() {
        this.runner.run((context) -> assertThat(context).hasBean("kafkaHealthIndicator")
            .getBean("kafkaHealthIndicator")
            .isInstanceOf(HealthIndicator.class));
    }

    @Test
    void healthBacksOffWithoutSpringBootHealth() {
        this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(KafkaPublisher.class)
                .doesNotHaveBean("kafkaHealthIndicator"));
    }

    @Test
    void healthBacksOffWithoutSpringBootsHealthAndActuatorPackagesAtAll() {
        // the way an application without the actuator looks: none of the health module's classes,
        // its conditions included
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
                "org.springframework.boot.actuate"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(KafkaPublisher.class)
                .doesNotHaveBean("kafkaHealthIndicator"));
    }

    @Test
    void healthBacksOffWhenDisabledByProperty() {
        this.runner.withPropertyValues("management.health.kafka.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("kafkaHealthIndicator"));
    }

    @Test
    void metricsBackOffWithoutMicrometer() {
        this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(KafkaPublisher.class)
                .doesNotHaveBean(PublisherMetricsTracker.class));
    }

    @Test
    void metricsBackOffWithoutAMeterRegistry() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(PublisherMetricsTracker.class));
    }

    @Test
    void metricsAreRecordedWhenARegistryExists() {
        this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> assertThat(context).hasSingleBean(MicrometerPublisherMetricsTracker.class));
    }

    @Test
    void tracingBacksOffWithoutMicrometerTracing() {
        this.runner.withClassLoader(new FilteredClassLoader(Tracer.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MessageInterceptor.class));
    }

}
