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
final class TlsReloadMeterBinder implements MeterBinder, AutoCloseable {

    private final BoundMeters meters = new BoundMeters();

    static final String NAME = "kafka.publisher.tls.reloads";

    private final TlsReloadStatus status;

    private final String pool;

    TlsReloadMeterBinder(TlsReloadStatus status, String pool) {
        this.status = status;
        this.pool = pool;
    }

    /** One text for the three series: Prometheus has one HELP line per metric name, not per tag value. */
    static final String DESCRIPTION = "Reloads of renewed TLS material, by result: applied (taken for new connections "
            + "without a restart), rejected (invalid; the current material stays in use), failed (valid, but no Kafka "
            + "client could be made with it)";

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "applied", TlsReloadStatus::applied);
        counter(registry, "rejected", TlsReloadStatus::rejected);
        counter(registry, "failed", TlsReloadStatus::failed);
    }

    private void counter(MeterRegistry registry, String result, ToDoubleFunction<TlsReloadStatus> count) {
        this.meters.add(registry, () -> FunctionCounter.builder(NAME, this.status, count)
            .description(DESCRIPTION)
            .tag("pool", this.pool)
            .tag("result", result)
            .register(registry));
    }

    /** Removes what {@link #bindTo} registered, when the context closes. */
    @Override
    public void close() {
        this.meters.close();
    }

}
