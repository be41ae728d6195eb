package dev.kafkapool.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.kafkapool.autoconfigure.reload.TlsReloadStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reload counter's three series share one description: Prometheus prints one HELP line per
 * metric name, so a text per result would describe only one of them.
 */
class TlsReloadMeterBinderTests {

    @Test
    void eachResultIsASeriesOfOneCounterWhoseDescriptionNamesAllThreeResults() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TlsReloadMeterBinder(new TlsReloadStatus("files", Duration.ofSeconds(30)), "orders").bindTo(registry);

        for (String result : new String[] { "applied", "rejected", "failed" }) {
            FunctionCounter counter = registry.get(TlsReloadMeterBinder.NAME)
                .tag("pool", "orders")
                .tag("result", result)
                .functionCounter();
            assertThat(counter.count()).isZero();
            assertThat(counter.getId().getDescription()).contains("applied", "rejected", "failed");
        }
    }

}
