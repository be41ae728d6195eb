package dev.kafkapool.benchmarks.burst;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of this process's threads as the kernel counts it ({@code /proc/self/task/<tid>/schedstat},
 * nanoseconds on a core), grouped by what the threads do: the collector, the JIT compilers, the
 * producer's network thread, the pool's workers, the main thread (named {@code java} in the kernel's
 * view), everything else. Native threads
 * count too (GC and JIT are invisible to {@code ThreadMXBean}). Kept per thread id and only ever
 * growing, so a thread that ends between two readings keeps what it had at the last one. On a
 * system without {@code /proc} every role reads 0.
 */
final class ThreadCpu {

    /** Roles in report order, each with the prefixes of the kernel's thread names (15 characters at most). */
    static final Map<String, List<String>> ROLES = roles();

    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<String, Long> nanosByThread = new HashMap<>();

    private final Map<String, String> roleByThread = new HashMap<>();

    private static Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("gc", List.of("GC Thread", "G1 ", "VM Thread", "ZWorker", "ZDirector", "Shenandoah"));
        roles.put("jit", List.of("C1 CompilerThre", "C2 CompilerThre"));
        roles.put("network", List.of("kafka-producer-"));
        roles.put("workers", List.of("kafka-pool-work"));
        // the launcher's main thread keeps the process name in the kernel's view
        roles.put("main", List.of("java"));
        roles.put("other", List.of());
        return roles;
    }

    /** Nanoseconds per role so far. */
    synchronized Map<String, Long> byRole() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                read(task);
            }
        }
        catch (IOException | RuntimeException ex) {
            // no /proc: nothing to count
        }
        Map<String, Long> sums = new LinkedHashMap<>();
        ROLES.keySet().forEach((role) -> sums.put(role, 0L));
        this.nanosByThread.forEach((tid, nanos) -> sums.merge(this.roleByThread.get(tid), nanos, Long::sum));
        return sums;
    }

    /**
     * {@code cpu_<role>=nanos} pairs of {@code after} minus {@code before} (or of {@code after}
     * alone when {@code before} is {@code null}), space-separated, for a result line.
     */
    static String format(Map<String, Long> before, Map<String, Long> after) {
        StringJoiner joined = new StringJoiner(" ");
        after.forEach((role, nanos) -> joined
            .add("cpu_" + role + "=" + (nanos - ((before != null) ? before.getOrDefault(role, 0L) : 0L))));
        return joined.toString();
    }

    private void read(Path task) {
        String tid = task.getFileName().toString();
        try {
            String schedstat = Files.readString(task.resolve("schedstat"));
            long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
            this.roleByThread.computeIfAbsent(tid, (id) -> role(name(task)));
            this.nanosByThread.merge(tid, nanos, Math::max);
        }
        catch (IOException | RuntimeException ex) {
            // the thread ended while it was read: it keeps its last reading
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        }
        catch (IOException ex) {
            return "";
        }
    }

    private static String role(String threadName) {
        for (Map.Entry<String, List<String>> role : ROLES.entrySet()) {
            for (String prefix : role.getValue()) {
                if (role.getKey().equals("main") ? threadName.equals(prefix) : threadName.startsWith(prefix)) {
                    return role.getKey();
                }
            }
        }
        return "other";
    }

}
