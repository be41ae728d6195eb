package dev.kafkapool.autoconfigure.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.autoconfigure.KafkaPoolTestEnvironment;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.testsupport.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** A span active on the publishing thread arrives as a W3C traceparent header on the record. */
class TracePropagationIntegrationTests {

    private static final KafkaCluster cluster = KafkaCluster.shared();

    @Test
    void theCallersTraceArrivesAsATraceparentHeaderOnTheConsumedRecord() {
        cluster.createTopic("traced", 1);
        String[] traceId = new String[1];
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                    KafkaPublisherAutoConfiguration.class, KafkaPoolTracingAutoConfiguration.class))
            .withInitializer(KafkaPoolTestEnvironment.systemEnvironment(KafkaPoolTestEnvironment.mtls(cluster)))
            .run((context) -> {
                assertThat(context).hasSingleBean(TraceContextMessageInterceptor.class);
                Tracer tracer = context.getBean(Tracer.class);
                KafkaPublisher publisher = context.getBean(KafkaPublisher.class);
                Span request = tracer.nextSpan().name("POST /orders").start();
                try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
                    traceId[0] = request.context().traceId();
                    publisher.publish(KafkaMessage.of("traced", "k", "with trace")).get(30, TimeUnit.SECONDS);
                }
                finally {
                    request.end();
                }
                publisher.publish(KafkaMessage.of("traced", "k", "without trace")).get(30, TimeUnit.SECONDS);
            });
        var records = cluster.consume("traced", 2, Duration.ofSeconds(30));
        ConsumerRecord<String, String> traced = records.get(0);
        String traceparent = new String(traced.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(traceparent).matches("00-" + traceId[0] + "-[0-9a-f]{16}-[0-9a-f]{2}");
        assertThat(records.get(1).headers().lastHeader("traceparent")).isNull();
    }

}
