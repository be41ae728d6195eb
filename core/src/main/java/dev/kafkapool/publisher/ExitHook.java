package dev.kafkapool.publisher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM shutdown hook that shuts a running pool down when the JVM exits while nobody has (a plain
 * Java program that returns from {@code main}, calls {@code System.exit} or gets a SIGTERM without
 * closing the pool): its workers are daemon threads, and without the hook what it held was lost
 * without a word. The pool drains within its shutdown timeout and reports what it could not
 * deliver, as on {@code close()}. Registered at start, removed at shutdown; a framework that
 * closes the pool itself (the Spring Boot starter, in its context's own hook) goes without it.
 */
final class ExitHook {

    private static final Logger logger = LoggerFactory.getLogger(PooledKafkaPublisher.class);

    private final PooledKafkaPublisher publisher;

    private final String label;

    /** The registered hook, or {@code null}; guarded by the pool's lifecycle lock. */
    private Thread hook;

    ExitHook(PooledKafkaPublisher publisher, String label) {
        this.publisher = publisher;
        this.label = label;
    }

    /** Registers the hook unless it is; a JVM already exiting takes none. */
    void register() {
        if (this.hook != null) {
            return;
        }
        Thread thread = new Thread(this::run, this.label + "-exit");
        try {
            Runtime.getRuntime().addShutdownHook(thread);
            this.hook = thread;
        }
        catch (IllegalStateException ex) {
            // the JVM is exiting already: whoever starts a pool now closes it
        }
    }

    /** Removes the hook, unless the hook itself is what shuts the pool down. */
    void remove() {
        Thread thread = this.hook;
        this.hook = null;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        }
        catch (IllegalStateException ex) {
            // the JVM is exiting: its hooks run as they are
        }
    }

    private void run() {
        this.publisher.shutdownAtExit(() -> logger.warn("{} - The JVM is exiting while the pool runs: shutting it down "
                + "now, within its shutdown timeout (close() the pool before the program ends; this comes first "
                + "when another shutdown hook closes it at the same moment)", this.label));
    }

}
