package dev.kafkapool.benchmarks.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.kafkapool.benchmarks.Directories;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;

/**
 * What an fsync of memory-mapped writes costs, the mechanism behind the journal's writable windows
 * ({@code Segment}): {@code bench.writeback.mb} MB (default 256) written in 1 KiB copies into a
 * file, then forced to the disk, three ways: through one writable mapping of the whole file with
 * the other cores idle; the same with a second thread of this process busy on another core (as a
 * pool's workers and producer threads are); and through writable 1 MB windows, each unmapped once
 * written, with the second thread busy, forced through a read-only mapping (what the journal
 * does). Reports the force's wall time and the process CPU it took beyond the busy thread's.
 */
public final class WritebackRunner {

    private static final int WINDOW = 1 << 20;

    private final Report report;

    private final int megabytes = Integer.getInteger("bench.writeback.mb", 256);

    private final int repetitions = Integer.getInteger("bench.writeback.reps", 3);

    private volatile long sink;

    public WritebackRunner(Report report) {
        this.report = report;
    }

    public void run() {
        String[] ways = { "one writable mapping, other cores idle", "one writable mapping, a second thread busy",
                "1 MB windows unmapped once written, a second thread busy" };
        List<List<double[]>> results = new ArrayList<>();
        for (int way = 0; way < ways.length; way++) {
            results.add(new ArrayList<>());
        }
        Path directory = Directories.temporary("bench-writeback-");
        try {
            for (int rep = 1; rep <= this.repetitions; rep++) {
                for (int way = 0; way < ways.length; way++) {
                    double[] measured = measure(directory.resolve("file-" + rep + "-" + way), way > 0, way == 2);
                    results.get(way).add(measured);
                    System.out.printf(Locale.ROOT, "writeback: rep %d, %s: force %.0f ms, %.0f ms CPU beyond the busy thread%n",
                            rep, ways[way], measured[0], measured[1]);
                }
            }
        }
        finally {
            Directories.delete(directory);
        }
        this.report.line("");
        this.report.line("### Forcing memory-mapped writes (" + this.megabytes + " MB in 1 KiB copies, then one force; "
                + "median of " + this.repetitions + " (min–max))");
        this.report.line("");
        this.report.line("| written through | force, wall ms | force, process CPU ms beyond the busy thread |");
        this.report.line("|---|---:|---:|");
        for (int way = 0; way < ways.length; way++) {
            List<Double> wall = results.get(way).stream().map((m) -> m[0]).toList();
            List<Double> cpu = results.get(way).stream().map((m) -> m[1]).toList();
            this.report.line("| " + ways[way] + " | " + Stats.spread(wall, "%.0f") + " | " + Stats.spread(cpu, "%.0f")
                    + " |");
        }
    }

    /** Wall ms of the force, and the process's CPU ms during it minus the busy thread's. */
    private double[] measure(Path file, boolean busy, boolean windows) {
        int size = this.megabytes << 20;
        Thread spinner = busy ? new Thread(this::spin, "writeback-busy") : null;
        if (spinner != null) {
            spinner.setDaemon(true);
            spinner.start();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            FileChannel channel = raf.getChannel();
            ByteBuffer zeros = ByteBuffer.allocate(WINDOW);
            for (long written = 0; written < size; written += WINDOW) {
                channel.write(zeros.clear(), written);
            }
            MappedByteBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            MappedByteBuffer whole = windows ? null : channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            byte[] record = new byte[1024];
            Arrays.fill(record, (byte) 'x');
            for (int window = 0; window < size / WINDOW; window++) {
                MappedByteBuffer target = windows
                        ? channel.map(FileChannel.MapMode.READ_WRITE, (long) window * WINDOW, WINDOW) : whole;
                int base = windows ? 0 : window * WINDOW;
                for (int offset = 0; offset < WINDOW; offset += record.length) {
                    target.put(base + offset, record);
                }
                if (windows) {
                    unmap(target);
                }
            }
            long cpuBefore = processCpuNanos();
            long spinBefore = (spinner != null) ? threadCpuNanos(spinner) : 0;
            long started = System.nanoTime();
            if (windows) {
                view.force(0, size);
            }
            else {
                whole.force(0, size);
            }
            long wall = System.nanoTime() - started;
            long spun = (spinner != null) ? threadCpuNanos(spinner) - spinBefore : 0;
            long cpu = processCpuNanos() - cpuBefore - spun;
            if (whole != null) {
                unmap(whole);
            }
            unmap(view);
            return new double[] { wall / 1e6, cpu / 1e6 };
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            if (spinner != null) {
                spinner.interrupt();
            }
        }
    }

    private void spin() {
        long count = 0;
        while (!Thread.currentThread().isInterrupted()) {
            count++;
            if ((count & 0xFFFFF) == 0) {
                this.sink = count;
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static long threadCpuNanos(Thread thread) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    private static void unmap(ByteBuffer buffer) {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafeClass.getMethod("invokeCleaner", ByteBuffer.class).invoke(field.get(null), buffer);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot unmap: " + ex, ex);
        }
    }

}
