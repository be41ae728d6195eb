package dev.kafkapool.autoconfigure.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.publisher.MessageInterceptor;

/**
 * Trace propagation into published records when Micrometer Tracing is on the class path and the
 * application has a {@link Tracer} and a {@link Propagator}; not when the application defines its
 * own publisher, which the pool then leaves alone.
 */
@AutoConfiguration(after = KafkaPublisherAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, Propagator.class })
@ConditionalOnBean({ Tracer.class, Propagator.class, PoolConnection.class })
public final class KafkaPoolTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(MessageInterceptor.class)
    MessageInterceptor kafkaPoolTraceContextInterceptor(Tracer tracer, Propagator propagator) {
        return new TraceContextMessageInterceptor(tracer, propagator);
    }

}
