package dev.kafkapool.autoconfigure;

/**
 * The starter's own threads that may be made on a request's thread (a health check, a failure first heard of there):
 * daemon threads with the starter's class loader as their context class loader, not the web application's, which
 * Tomcat reports at its stop as threads "very likely to create a memory leak".
 */
public final class StarterThreads {

    private StarterThreads() {
    }

    /** A daemon thread named {@code name} that runs {@code task}, not started. */
    public static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(StarterThreads.class.getClassLoader());
        return thread;
    }

}
