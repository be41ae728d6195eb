package dev.kafkapool.benchmarks.delivery;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Directories;
import dev.kafkapool.benchmarks.ThreadCpu;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.PublisherMetricsTracker;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.JournalSettings;

/**
 * Child JVM of {@link DeliveryRunner}: publishes N messages of one size from one thread as fast
 * as admission allows and prints how long the pool took until the broker acknowledged the last
 * one. Timed like ProducerPerformance: from the first publish (producers created, no metadata
 * fetched yet) to the last acknowledgement.
 *
 * <p>Arguments: producer properties file, topic, N, record size, workers, shared producer, and
 * optionally a journal fsync mode ({@code none}, {@code interval}, {@code always}, {@code never}; or
 * {@code idheader}: no journal, an id-shaped header on every record)
 * and the journal's directory (deleted at the end). With {@code -Dbench.drain.rotate.ms=M} the
 * pool reconnects every M ms while it runs, as a certificate reload does (new producers, each
 * worker moving once its old producer has answered), to measure what rotations cost. The result line
 * also holds each thread role's CPU from the first publish to the last acknowledgement
 * ({@code cpu_<role>=nanos}, {@link ThreadCpu}). With {@code -Dbench.drain.warmup=W} it first publishes
 * W records and waits until the broker has them all, untimed, and then times the N.
 */
public final class PoolDrain {

    /** Threads by role: the drain's workers, and the journal's segments and fsync threads. */
    static final Map<String, List<String>> ROLES = ThreadCpu.roles("drain-worker", Map.of("journal",
            List.of("drain-journal-")));

    private PoolDrain() {
    }

    public static void main(String[] args) throws Exception {
        Path properties = Path.of(args[0]);
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int workers = Integer.parseInt(args[4]);
        boolean shared = Boolean.parseBoolean(args[5]);
        String fsync = (args.length > 6) ? args[6] : "none";
        // "idheader": no journal, but every record carries a header shaped like the journal's id
        // (16 bytes, under a name as long as kafka-pool-id, which messages may not carry themselves), to
        // tell the header's cost from the journal's own
        boolean idHeaderOnly = fsync.equals("idheader");
        if (idHeaderOnly) {
            fsync = "none";
        }
        Path journalDir = (args.length > 7) ? Path.of(args[7]) : null;

        // with -Dbench.drain.warmup=W: W records first, all of them acknowledged before the clock
        // starts, so that the JIT's warm-up is left out (ProducerPerformance: --warmup-records)
        int warmup = Integer.getInteger("bench.drain.warmup", 0);
        int total = warmup + count;
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CountDownLatch warm = new CountDownLatch((warmup > 0) ? 1 : 0);
        CountDownLatch done = new CountDownLatch(1);
        long[] finished = new long[1];
        PublisherMetricsTracker tracker = new PublisherMetricsTracker() {

            @Override
            public void recordPublished(long latencyNanos) {
                long delivered = acknowledged.incrementAndGet();
                if (delivered == warmup) {
                    warm.countDown();
                }
                if (delivered == total) {
                    finished[0] = System.nanoTime();
                    done.countDown();
                }
            }

            @Override
            public void recordFailed() {
                failures.incrementAndGet();
            }

        };
        PublisherConfig.Builder builder = PublisherConfig.builder()
            .label("drain")
            .workers(workers)
            .sharedProducer(shared)
            .queueCapacity(total)
            // with a journal, payloads stay in memory up to half the bound: twice the bound holds
            // them all, as without one, so that the difference is the journal's writing
            // room for every message as it really sits on the heap (MessageFootprint: a few hundred
            // bytes of objects beside the value), so that admission never refuses
            .queueMaxBytes(Long.getLong("bench.drain.queueMaxBytes",
                    ((long) total * (size + 512)) * (fsync.equals("none") ? 1 : 2)))
            .producerProperties(BenchmarkBroker.producerOnly(BenchmarkBroker.load(properties)));
        if (!fsync.equals("none")) {
            // a run stopped half-way leaves its journal: the pool would replay it into this run's topic
            Directories.delete(journalDir);
            builder.journal(JournalSettings.of(journalDir, FsyncMode.valueOf(fsync.toUpperCase(Locale.ROOT)),
                    Duration.ofMillis(Long.getLong("bench.drain.fsyncIntervalMs", 200)),
                    Math.max(256L << 20, 4L * total * (size + 128))));
        }
        PublisherConfig config = builder.build();
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(config)
            .connection(BenchmarkBroker.connection(BenchmarkBroker.load(properties)))
            .metricsTracker(tracker)
            .build();
        publisher.start();
        long rotateMillis = Long.getLong("bench.drain.rotate.ms", 0);
        ScheduledExecutorService rotations = Executors.newSingleThreadScheduledExecutor();
        AtomicLong rotated = new AtomicLong();
        if (rotateMillis > 0) {
            rotations.scheduleAtFixedRate(() -> {
                publisher.reconnect(publisher.connection());
                rotated.incrementAndGet();
            }, rotateMillis, rotateMillis, TimeUnit.MILLISECONDS);
        }
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        ThreadCpu threadCpu = new ThreadCpu(ROLES);
        long rejected = publish(publisher, topic, value, idHeaderOnly, 0, warmup);
        if (!warm.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("Not all warm-up messages were acknowledged: " + publisher.stats());
        }
        Map<String, Long> cpuBefore = threadCpu.byRole();
        long started = System.nanoTime();
        rejected += publish(publisher, topic, value, idHeaderOnly, warmup, total);
        long admitted = System.nanoTime();
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("Not all messages were acknowledged: " + publisher.stats());
        }
        Map<String, Long> cpuAfter = threadCpu.byRole();
        rotations.shutdownNow();
        double seconds = (finished[0] - started) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT records=%d seconds=%.3f recordsPerSec=%.1f mbPerSec=%.2f "
                + "admitSeconds=%.3f rejected=%d failed=%d rotations=%d %s%n", count, seconds, count / seconds,
                count * (double) size / seconds / (1024 * 1024), (admitted - started) / 1e9, rejected, failures.get(),
                rotated.get(), ThreadCpu.format(cpuBefore, cpuAfter));
        publisher.shutdown(Duration.ofSeconds(30));
        Directories.delete(journalDir);
    }

    /** Publishes records {@code from} to {@code to} as fast as admission takes them; returns the refusals it retried. */
    private static long publish(PooledKafkaPublisher publisher, String topic, byte[] value, boolean idHeaderOnly,
            int from, int to) {
        long rejected = 0;
        for (int i = from; i < to; i++) {
            try {
                publisher.publish(idHeaderOnly
                        ? KafkaMessage.builder(topic).value(value).header("kafka-pool-ix", idOf(i)).build()
                        : KafkaMessage.of(topic, (String) null, value));
            }
            catch (PublishRejectedException ex) {
                rejected++;
                i--;
                Thread.onSpinWait();
            }
        }
        return rejected;
    }

    /** 16 bytes, as the journal's id header holds, made for record {@code i} as the journal makes one per record. */
    private static byte[] idOf(int i) {
        return ByteBuffer.allocate(16).putLong(System.currentTimeMillis() << 16 | (i & 0xFFFF)).putLong(i).array();
    }

}
