package dev.kafkapool.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters a binder registered, removed from their registry when the binder's context closes. A
 * registry that outlives the context (a parent context's, one a test suite shares) would otherwise keep
 * gauges that read the closed pool, and hand them to the next context's binder, whose meters have the
 * same ids, in place of its own.
 */
final class BoundMeters implements AutoCloseable {

    private final List<Map.Entry<MeterRegistry, Meter>> meters = new CopyOnWriteArrayList<>();

    /**
     * The meter {@code registration} registers in {@code registry}, to be removed from it at {@link #close()}
     * unless the registry had it already: then it is another binder's (two live contexts sharing a
     * registry, under one pool label), which that binder removes.
     */
    <M extends Meter> M add(MeterRegistry registry, Supplier<M> registration) {
        List<Meter> before = registry.getMeters();
        M meter = registration.get();
        if (before.stream().noneMatch((existing) -> existing == meter)) {
            this.meters.add(Map.entry(registry, meter));
        }
        return meter;
    }

    @Override
    public void close() {
        for (Map.Entry<MeterRegistry, Meter> meter : this.meters) {
            meter.getKey().remove(meter.getValue());
        }
        this.meters.clear();
    }

}
