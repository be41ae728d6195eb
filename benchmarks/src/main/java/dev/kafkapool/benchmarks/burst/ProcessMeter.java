package dev.kafkapool.benchmarks.burst;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM has spent so far: process CPU as the OS counts it (all threads, JIT and GC
 * included) and bytes allocated by its threads. Allocation is kept per thread id and only ever
 * grows, so a thread that ends between two readings keeps what it had allocated at the last one.
 */
final class ProcessMeter {

    private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();

    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
        .getThreadMXBean();

    private final Map<Long, Long> allocatedByThread = new HashMap<>();

    /** CPU time of the whole process, in nanoseconds. */
    long cpuNanos() {
        return this.os.getProcessCpuTime();
    }

    /** CPU time of the calling thread, in nanoseconds. */
    long threadCpuNanos() {
        return this.threads.getCurrentThreadCpuTime();
    }

    /** Bytes allocated by every thread seen so far, live or ended. */
    synchronized long allocatedBytes() {
        long[] ids = this.threads.getAllThreadIds();
        long[] allocated = this.threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (allocated[i] >= 0) {
                this.allocatedByThread.merge(ids[i], allocated[i], Math::max);
            }
        }
        long sum = 0;
        for (long bytes : this.allocatedByThread.values()) {
            sum += bytes;
        }
        return sum;
    }

}
