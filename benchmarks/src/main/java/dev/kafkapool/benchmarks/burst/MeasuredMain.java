package dev.kafkapool.benchmarks.burst;

import java.util.Arrays;
import java.util.Locale;

import dev.kafkapool.benchmarks.ThreadCpu;

/**
 * Runs another program's {@code main} (ProducerPerformance) and then prints what the process
 * spent: {@code MEASURED cpuNanos=… allocatedBytes=… cpu_<role>=…} ({@link ThreadCpu}). A daemon
 * reads per-thread allocation every 20 ms and per-thread CPU every 100 ms, so threads that end
 * before the program returns (the producer's network thread at {@code close()}) are counted up to
 * their last reading.
 *
 * <p>Arguments: the main class, then its arguments.
 */
public final class MeasuredMain {

    private MeasuredMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessMeter meter = new ProcessMeter();
        ThreadCpu threadCpu = new ThreadCpu(ThreadCpu.APPLICATION);
        Thread sampler = new Thread(() -> {
            for (long round = 0;; round++) {
                meter.allocatedBytes();
                if (round % 5 == 0) {
                    threadCpu.byRole();
                }
                try {
                    Thread.sleep(20);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }, "allocation-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Class.forName(args[0]).getMethod("main", String[].class)
            .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "MEASURED cpuNanos=%d allocatedBytes=%d %s%n", meter.cpuNanos(),
                meter.allocatedBytes(), ThreadCpu.format(null, threadCpu.byRole()));
    }

}
