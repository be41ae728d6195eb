package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * CPU time of a process's threads (this one's, or a child's by {@link #of}) as the kernel counts it
 * ({@code /proc/<pid>/task/<tid>/schedstat}, nanoseconds on a core), grouped by roles: each role names the prefixes of the kernel's thread
 * names (15 characters at most); the launcher's main thread is named {@code java} there. Native
 * threads count too (GC and JIT are invisible to {@code ThreadMXBean}). Kept per thread id and
 * only ever growing, so a thread that ends between two readings keeps what it had at the last one.
 * On a system without {@code /proc} every role reads 0.
 */
public final class ThreadCpu {

    /** Name prefixes of the collector's threads, of every collector (the VM thread runs its pauses). */
    public static final List<String> GC_THREADS = List.of("GC Thread", "G1 ", "VM Thread", "ZWorker", "ZDirector",
            "Shenandoah");

    /** The roles of the burst app and of ProducerPerformance, in report order. */
    public static final Map<String, List<String>> APPLICATION = roles("kafka-pool-work", Map.of());

    private final Path tasks;

    private final Map<String, List<String>> roles;

    private final Map<String, Long> nanosByThread = new HashMap<>();

    private final Map<String, String> roleByThread = new HashMap<>();

    /** Reads the threads of this process by {@code roles} (name to thread name prefixes; "other" for the rest). */
    public ThreadCpu(Map<String, List<String>> roles) {
        this(Path.of("/proc/self/task"), roles);
    }

    private ThreadCpu(Path tasks, Map<String, List<String>> roles) {
        this.tasks = tasks;
        this.roles = roles;
    }

    /** Reads the threads of process {@code pid} by {@code roles}. */
    public static ThreadCpu of(long pid, Map<String, List<String>> roles) {
        return new ThreadCpu(Path.of("/proc", String.valueOf(pid), "task"), roles);
    }

    /**
     * CPU time of process {@code pid} so far, threads that ended included ({@code /proc/<pid>/stat}:
     * user and system time, in clock ticks of 10 ms), in nanoseconds; 0 without {@code /proc}.
     */
    public static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3 of the line, utime 14 and stime 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
    }

    /**
     * The collector, the JIT compilers, the producer's network thread, the pool's workers (thread
     * names starting with {@code workerPrefix}), the main thread, and {@code extra} roles before
     * "other".
     */
    public static Map<String, List<String>> roles(String workerPrefix, Map<String, List<String>> extra) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("gc", GC_THREADS);
        roles.put("jit", List.of("C1 CompilerThre", "C2 CompilerThre"));
        roles.put("network", List.of("kafka-producer-"));
        roles.put("workers", List.of(workerPrefix));
        roles.put("main", List.of("java"));
        roles.putAll(extra);
        roles.put("other", List.of());
        return roles;
    }

    /**
     * The header and rule lines of a Markdown table with {@code leading} columns (header, rule),
     * a column per role, and a last one for all threads.
     */
    public static List<String> tableHead(String leadingHeader, String leadingRule, Map<String, List<String>> roles) {
        StringBuilder header = new StringBuilder(leadingHeader);
        StringBuilder rule = new StringBuilder(leadingRule);
        for (String role : roles.keySet()) {
            header.append(' ').append(role).append(" |");
            rule.append("---:|");
        }
        return List.of(header.append(" all threads |").toString(), rule.append("---:|").toString());
    }

    /**
     * A row of that table: {@code leading} columns, each role's nanoseconds ({@code nanos}) per
     * record in µs, and their sum.
     */
    public static String tableRow(String leading, Map<String, List<String>> roles, ToDoubleFunction<String> nanos,
            int records) {
        StringBuilder line = new StringBuilder(leading);
        double all = 0;
        for (String role : roles.keySet()) {
            double roleNanos = nanos.applyAsDouble(role);
            all += roleNanos;
            line.append(' ').append(Stats.fmt("%.2f", roleNanos / records / 1e3)).append(" |");
        }
        return line.append(' ').append(Stats.fmt("%.2f", all / records / 1e3)).append(" |").toString();
    }

    /** Nanoseconds per role so far. */
    public synchronized Map<String, Long> byRole() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(this.tasks)) {
            for (Path task : tasks) {
                read(task);
            }
        }
        catch (IOException | RuntimeException ex) {
            // no /proc: nothing to count
        }
        Map<String, Long> sums = new LinkedHashMap<>();
        this.roles.keySet().forEach((role) -> sums.put(role, 0L));
        this.nanosByThread.forEach((tid, nanos) -> sums.merge(this.roleByThread.get(tid), nanos, Long::sum));
        return sums;
    }

    /**
     * {@code cpu_<role>=nanos} pairs of {@code after} minus {@code before} (or of {@code after}
     * alone when {@code before} is {@code null}), space-separated, for a result line.
     */
    public static String format(Map<String, Long> before, Map<String, Long> after) {
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
            // A new thread carries its parent's kernel name ("java") until the JVM names it: a
            // thread read as "main" is named again at each read, so that a producer's network
            // thread read in that gap is counted as one once named (the main thread stays "java").
            // A name that cannot be read (the thread ended meanwhile) keeps the role known.
            this.roleByThread.compute(tid, (id, known) -> {
                if (known != null && !known.equals("main")) {
                    return known;
                }
                String name = name(task);
                return (known != null && name.isEmpty()) ? known : role(name);
            });
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

    private String role(String threadName) {
        for (Map.Entry<String, List<String>> role : this.roles.entrySet()) {
            for (String prefix : role.getValue()) {
                if (role.getKey().equals("main") ? threadName.equals(prefix) : threadName.startsWith(prefix)) {
                    return role.getKey();
                }
            }
        }
        return "other";
    }

}
