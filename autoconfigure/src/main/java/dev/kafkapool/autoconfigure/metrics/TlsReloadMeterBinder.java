package dev.kafkapool.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.kafkapool.autoconfigure.reload.TlsReloadStatus;

/**
 * {@code kafka.publisher.tls.reloads}, tagged {@code pool} and {@code result}: {@code applied}
 * (renewed material taken), {@code rejected} (invalid material refused, the current one kept),
 * {@code failed} (valid material no client could be made with).
 */
final class TlsReloadMeterBinder implements MeterBinder {

    static final String NAME = "kafka.publisher.tls.reloads";

    private final TlsReloadStatus status;

    private final String pool;

    TlsReloadMeterBinder(TlsReloadStatus status, String pool) {
        this.status = status;
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "applied", "Renewed TLS material taken without a restart", TlsReloadStatus::applied);
        counter(registry, "rejected", "Renewed TLS material refused as invalid; the current material stays in use",
                TlsReloadStatus::rejected);
        counter(registry, "failed", "Renewed TLS material no Kafka client could be made with", TlsReloadStatus::failed);
    }

    private void counter(MeterRegistry registry, String result, String description,
            ToDoubleFunction<TlsReloadStatus> count) {
        FunctionCounter.builder(NAME, this.status, count)
            .description(description)
            .tag("pool", this.pool)
            .tag("result", result)
            .register(registry);
    }

}
