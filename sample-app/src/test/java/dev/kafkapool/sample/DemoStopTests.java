package dev.kafkapool.sample;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's stop for the end of the Maven process returns only once the app is closed, also when
 * the Ctrl-C's stop is closing it on another thread: its exit stops the broker.
 */
class DemoStopTests {

    @Test
    void aCloseWhileAnotherThreadClosesTheAppReturnsOnlyOnceTheAppIsClosed() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        AtomicBoolean drained = new AtomicBoolean();
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean("pool", SlowToClose.class, () -> new SlowToClose(closing, drained));
        context.refresh();
        Thread ctrlC = new Thread(context::close, "demo-stop");
        ctrlC.start();
        assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();

        // Spring's close() gives up after 100 ms while another thread closes: the exit then came too early
        TestSampleApplication.closeWholly(context);

        assertThat(drained).as("the pool's drain had ended").isTrue();
        assertThat(context.isActive()).isFalse();
        ctrlC.join(10_000);
    }

    /** A bean whose close takes a second, as the pool's drain of what it accepted does. */
    static final class SlowToClose implements AutoCloseable {

        private final CountDownLatch closing;

        private final AtomicBoolean drained;

        SlowToClose(CountDownLatch closing, AtomicBoolean drained) {
            this.closing = closing;
            this.drained = drained;
        }

        @Override
        public void close() throws InterruptedException {
            this.closing.countDown();
            Thread.sleep(1000);
            this.drained.set(true);
        }

    }

}
