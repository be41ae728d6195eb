package dev.kafkapool.autoconfigure.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.publisher.KafkaPublisherLifecycle;

/**
 * With {@code KAFKA_FAIL_FAST=false}: the same {@link FailFastCheck}, run in the background once the
 * pool has started, whose verdict is a WARN with the problem and the action instead of a stopped
 * startup. A pool started on purpose without its cluster then still says, once and at once, what
 * fail-fast would have refused (a CA the brokers do not match, an allow-listed topic the cluster
 * lacks, nothing listening after the startup timeout), instead of saying nothing until a delivery
 * fails, or never for a topic nobody publishes to yet.
 */
public final class StartupCheckAdvisory implements SmartLifecycle, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(StartupCheckAdvisory.class);

    private final FailFastCheck check;

    private final String label;

    private volatile Thread checker;

    private volatile boolean running;

    public StartupCheckAdvisory(FailFastCheck check, String label) {
        this.check = check;
        this.label = label;
    }

    @Override
    public void start() {
        this.running = true;
        Thread thread = new Thread(this::checkOnce, this.label + "-startup-check");
        thread.setDaemon(true);
        this.checker = thread;
        thread.start();
    }

    private void checkOnce() {
        try {
            this.check.verify();
        }
        catch (KafkaPoolStartupException ex) {
            if (!this.running) {
                return;
            }
            logger.warn("{} - Started without waiting for Kafka ({}=false), and the startup check finds a problem "
                    + "that fail-fast would have stopped the start for: {}{}. Action: {}",
                    this.label, SettingNames.FAIL_FAST, ex.problem(),
                    (ex.setting() != null) ? " (" + ex.setting() + ")" : "", ex.action());
        }
        catch (RuntimeException ex) {
            if (this.running && !Thread.currentThread().isInterrupted()) {
                logger.warn("{} - The startup check could not finish: {}", this.label, ex.toString());
            }
        }
    }

    @Override
    public void stop() {
        this.running = false;
        interrupt();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Once the publisher has started: the check never delays it. */
    @Override
    public int getPhase() {
        return KafkaPublisherLifecycle.PHASE + 1;
    }

    @Override
    public void destroy() {
        interrupt();
    }

    private void interrupt() {
        Thread thread = this.checker;
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }

}
