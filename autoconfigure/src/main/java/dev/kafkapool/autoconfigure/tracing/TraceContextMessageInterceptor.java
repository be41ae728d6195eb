package dev.kafkapool.autoconfigure.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.MessageInterceptor;

/**
 * Copies the caller's current trace context into the message's headers at admission, with the
 * application's {@link Propagator} (W3C {@code traceparent} by default), because the record is
 * sent later from a worker thread that has no trace context of its own. Messages published
 * outside a span are left unchanged.
 */
public final class TraceContextMessageInterceptor implements MessageInterceptor {

    private final Tracer tracer;

    private final Propagator propagator;

    public TraceContextMessageInterceptor(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public KafkaMessage onPublish(KafkaMessage message) {
        Span span = this.tracer.currentSpan();
        if (span == null) {
            return message;
        }
        KafkaMessage.Builder builder = message.toBuilder();
        this.propagator.inject(span.context(), builder, (carrier, name, value) -> carrier.header(name, value));
        return builder.build();
    }

}
