package dev.kafkapool.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much of the machine's CPU went to processes outside the benchmark during a part: other
 * builds or tests on a shared 2-core machine skew absolute numbers, so the report says how busy
 * the neighbours were. Linux only ({@code /proc}); reports nothing elsewhere.
 */
public final class CpuNeighbours {

    private final long startTotal;

    private final long startOwn;

    private final long startWall;

    private CpuNeighbours() {
        this.startTotal = machineBusyTicks();
        this.startOwn = ownTicks();
        this.startWall = System.nanoTime();
    }

    public static CpuNeighbours start() {
        return new CpuNeighbours();
    }

    /** Cores used on average by processes outside the benchmark since {@link #start()}; NaN if unknown. */
    public double otherCores() {
        if (this.startTotal < 0) {
            return Double.NaN;
        }
        double seconds = (System.nanoTime() - this.startWall) / 1e9;
        double total = (machineBusyTicks() - this.startTotal) / 100.0 / seconds;
        double own = (ownTicks() - this.startOwn) / 100.0 / seconds;
        return Math.max(0, total - own);
    }

    /** e.g. "CPU: benchmark 1.71 cores, other processes 0.12 cores (of 2)". */
    public String summary() {
        if (this.startTotal < 0) {
            return "CPU use of other processes unknown (no /proc)";
        }
        double seconds = (System.nanoTime() - this.startWall) / 1e9;
        double ticksPerSecond = 100.0;
        double total = (machineBusyTicks() - this.startTotal) / ticksPerSecond / seconds;
        double own = (ownTicks() - this.startOwn) / ticksPerSecond / seconds;
        return String.format(Locale.ROOT, "CPU during this part: benchmark processes %.2f cores, other processes "
                + "%.2f cores (of %d), over %.0f s", own, Math.max(0, total - own),
                Runtime.getRuntime().availableProcessors(), seconds);
    }

    private static long machineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /** This JVM with its reaped children, plus its live descendants. */
    private static long ownTicks() {
        long ticks = processTicks(ProcessHandle.current().pid(), true);
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            ticks += processTicks(child.pid(), false);
        }
        return ticks;
    }

    private static long processTicks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
    }

}
