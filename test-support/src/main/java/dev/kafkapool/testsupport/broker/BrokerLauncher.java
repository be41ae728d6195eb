package dev.kafkapool.testsupport.broker;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Main class of a broker child JVM: formats the log directory on first start (KRaft), then runs
 * {@code kafka.Kafka}. Halts itself when the test JVM that started it is gone, so a killed test
 * run never leaves a broker behind, and ignores Ctrl-C (SIGINT), which is its starter's to act on.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}; system property
 * {@value #PARENT_PID_PROPERTY} names the process to watch.
 */
public final class BrokerLauncher {

    static final String PARENT_PID_PROPERTY = "kafkapool.parent.pid";

    private BrokerLauncher() {
    }

    public static void main(String[] args) {
        String config = args[0];
        String clusterId = args[1];
        ignoreCtrlC();
        watchParent();
        int formatted = StorageTool.execute(new String[] { "format", "--cluster-id", clusterId, "--config", config,
                "--ignore-formatted" }, System.out);
        if (formatted != 0) {
            System.err.println("Formatting the log directory failed with exit code " + formatted);
            Runtime.getRuntime().halt(formatted);
        }
        Kafka.main(new String[] { config });
    }

    /**
     * A terminal's Ctrl-C reaches every process of the foreground group, the broker too: it went at once while the
     * application it serves was still stopping, which then could not deliver what it had accepted. The broker is
     * stopped by the JVM that started it (SIGTERM), or halts when that JVM is gone.
     */
    @SuppressWarnings("removal")
    private static void ignoreCtrlC() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        }
        catch (IllegalArgumentException ex) {
            // a platform without SIGINT
        }
    }

    private static void watchParent() {
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getProperty(PARENT_PID_PROPERTY))
            .map(Long::parseLong)
            .flatMap(ProcessHandle::of);
        if (parent.isEmpty()) {
            return;
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "parent-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(() -> {
            if (!parent.get().isAlive()) {
                Runtime.getRuntime().halt(3);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

}
