package dev.kafkapool.benchmarks.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kafkapool.benchmarks.Directories;
import dev.kafkapool.benchmarks.Report;
import dev.kafkapool.benchmarks.Stats;
import dev.kafkapool.benchmarks.StuckProducer;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.UndeliveredMessageHandler;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.JournalSettings;

/**
 * Recovery: how long a start takes to replay N records a previous process left in its journal
 * (default 1,000,000 of 100 B, keyed). The first pool admits them with producers that never
 * answer and stops at once (the journal keeps them); a second pool on the same directory is timed
 * from its creation (which reads the journal back) until {@code start()} returns (every record
 * queued in its lane). No broker
 * is needed: the replayed records go to producers that never answer either.
 */
public final class ReplayRunner {

    private final Report report;

    private final int count = Integer.getInteger("bench.replay.count", 1_000_000);

    private final int size = Integer.getInteger("bench.replay.size", 100);

    private final int repetitions = Integer.getInteger("bench.replay.reps", 3);

    public ReplayRunner(Report report) {
        this.report = report;
    }

    public void run() {
        List<Double> millis = new ArrayList<>();
        List<Double> heapMb = new ArrayList<>();
        for (int rep = 1; rep <= this.repetitions; rep++) {
            Path directory = Directories.temporary("bench-replay-");
            try {
                fill(directory);
                System.gc();
                long heapBefore = usedHeap();
                long started = System.nanoTime();
                // the pool reads the journal back as it is built, and hands the records to its lanes at start
                PooledKafkaPublisher replaying = pool(directory);
                replaying.start();
                double took = (System.nanoTime() - started) / 1e6;
                System.gc();
                heapMb.add((usedHeap() - heapBefore) / 1e6);
                millis.add(took);
                if (replaying.stats().replayed() != this.count) {
                    throw new IllegalStateException("replayed " + replaying.stats().replayed() + " of " + this.count);
                }
                System.out.printf(Locale.ROOT, "replay: rep %d, %d records in %.0f ms%n", rep, this.count, took);
                replaying.shutdown(Duration.ZERO);
            }
            finally {
                Directories.delete(directory);
            }
        }
        double median = Stats.median(millis);
        this.report.line("");
        this.report.line("### Journal recovery (" + this.count + " records of " + this.size + " B left by a stopped "
                + "pool; time from building the next pool, which reads them back, until its start() has queued them in "
                + "its lanes; median of "
                + this.repetitions + " (min–max))");
        this.report.line("");
        this.report.line("| records | replay ms | records/s | heap held by the replayed queue, MB |");
        this.report.line("|---:|---:|---:|---:|");
        this.report.line("| " + this.count + " | " + Stats.spread(millis, "%.0f") + " | "
                + Stats.fmt("%.0f", this.count / (median / 1000)) + " | " + Stats.spread(heapMb, "%.0f") + " |");
    }

    /** A stopped pool leaves {@link #count} records in the journal at {@code directory}. */
    private void fill(Path directory) {
        PooledKafkaPublisher filling = pool(directory);
        filling.start();
        byte[] value = new byte[this.size];
        for (int i = 0; i < this.count; i++) {
            filling.publish(KafkaMessage.of("replay", "key-" + (i % 1000), value));
        }
        filling.shutdown(Duration.ZERO);
    }

    private PooledKafkaPublisher pool(Path directory) {
        PublisherConfig config = PublisherConfig.builder()
            .label("replay")
            .queueCapacity(this.count + 16)
            .queueMaxBytes(1L << 30)
            .shutdownTimeout(Duration.ZERO)
            .journal(JournalSettings.of(directory, FsyncMode.NEVER, Duration.ofSeconds(1), 4L << 30))
            .build();
        UndeliveredMessageHandler silent = (label, messages, reason) -> {
        };
        return PooledKafkaPublisher.builder(config)
            .producerSupplier((properties) -> StuckProducer.create())
            .undeliveredHandler(silent)
            .build();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

}
