package dev.kafkapool.autoconfigure.startup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * Runs the {@link FailFastCheck} with the application context: it starts in the background as
 * soon as this bean exists, so the TLS handshake and the admin round trip overlap with the rest
 * of the refresh, and {@link #start()}, just before the pool starts, waits for its verdict; the
 * context does not start if it failed.
 */
public final class FailFastLifecycle implements SmartLifecycle, InitializingBean, DisposableBean {

    private final FailFastCheck check;

    private final String threadName;

    private volatile boolean running;

    private volatile CompletableFuture<Void> background;

    private volatile Thread checker;

    public FailFastLifecycle(FailFastCheck check, String label) {
        this.check = check;
        this.threadName = label + "-startup-check";
    }

    @Override
    public void afterPropertiesSet() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                this.check.verify();
                result.complete(null);
            }
            catch (Throwable ex) {
                result.completeExceptionally(ex);
            }
        }, this.threadName);
        thread.setDaemon(true);
        this.background = result;
        this.checker = thread;
        thread.start();
    }

    /** Waits for the check; started again after a stop, checks again in the foreground. */
    @Override
    public void start() {
        CompletableFuture<Void> result = this.background;
        this.background = null;
        if (result == null) {
            this.check.verify();
        }
        else {
            try {
                result.join();
            }
            catch (CompletionException ex) {
                if (ex.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw ex;
            }
        }
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Just before the publisher starts. */
    @Override
    public int getPhase() {
        return KafkaPublisherLifecycle.PHASE - 1;
    }

    @Override
    public void destroy() {
        Thread thread = this.checker;
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }

}
