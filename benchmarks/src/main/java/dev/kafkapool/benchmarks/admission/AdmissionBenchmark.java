package dev.kafkapool.benchmarks.admission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;

import dev.kafkapool.benchmarks.BenchmarkBroker;
import dev.kafkapool.benchmarks.Directories;
import dev.kafkapool.publisher.Delivery;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.PublisherStats;
import dev.kafkapool.publisher.TopicLimit;
import dev.kafkapool.publisher.UndeliveredMessageHandler;
import dev.kafkapool.publisher.journal.FsyncMode;
import dev.kafkapool.publisher.journal.JournalSettings;

/**
 * The caller's cost of handing over one 100-byte message: {@code KafkaMessage.of} plus
 * {@code PooledKafkaPublisher.publish}, against {@code KafkaTemplate.send} on the same mTLS broker
 * with the same producer settings.
 *
 * <p>Run by {@link AdmissionRunner}, which passes the broker and its state in system properties:
 * {@code bench.producer.properties} (file), {@code bench.topic}, {@code bench.broker.up}. A tight
 * loop admits far more than the broker absorbs, so each side buffers one short iteration in memory
 * (the pool's queue, the producer's {@code buffer.memory}) and the harness drains it between
 * iterations, outside the measurement: neither side ever measures back-pressure. With the broker
 * down {@code KafkaTemplate} waits {@code max.block.ms=1000} for metadata in each send, and the pool
 * (whose producers have {@code max.block.ms=0}) only queues, its queue sized not to fill. Each fork appends its measured throughput and its rejections to {@code bench.aux.file}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdmissionBenchmark {

    static final int VALUE_BYTES = 100;

    static final String MAX_BLOCK_MS = "1000";

    @Benchmark
    public CompletableFuture<Delivery> pool(PoolState state) {
        try {
            CompletableFuture<Delivery> future = state.publisher
                .publish(KafkaMessage.of(state.topic, (String) null, state.value));
            state.ops.increment();
            return future;
        }
        catch (PublishRejectedException ex) {
            state.rejected.increment();
            return null;
        }
    }

    /**
     * The pool with a rate limit on the topic ({@code kafka.topic-limits}) so high that nothing is
     * refused: what the token buckets (records and bytes) add to each admission.
     */
    @Benchmark
    public CompletableFuture<Delivery> poolTopicLimited(TopicLimitedState state) {
        return pool(state);
    }

    /** The pool with a journal, {@code fsync=interval} (every 200 ms). */
    @Benchmark
    public CompletableFuture<Delivery> poolJournalInterval(JournalIntervalState state) {
        return pool(state);
    }

    /** The pool with a journal, {@code fsync=always}: each publish waits for the fsync of its record. */
    @Benchmark
    public CompletableFuture<Delivery> poolJournalAlways(JournalAlwaysState state) {
        return pool(state);
    }

    /** The pool with a journal, {@code fsync=never}: the kernel writes back on its own. */
    @Benchmark
    public CompletableFuture<Delivery> poolJournalNever(JournalNeverState state) {
        return pool(state);
    }

    @Benchmark
    public CompletableFuture<SendResult<byte[], byte[]>> kafkaTemplate(TemplateState state) {
        try {
            CompletableFuture<SendResult<byte[], byte[]>> future = state.template.send(state.topic, state.value);
            state.ops.increment();
            return future;
        }
        catch (KafkaException | org.springframework.kafka.KafkaException ex) {
            // Broker down: send gave up after max.block.ms (spring-kafka rethrows Kafka's TimeoutException)
            state.ops.increment();
            state.failed.increment();
            return null;
        }
    }

    /** What both sides share: the broker, the topic, the payload, the counters. */
    abstract static class ClientState {

        final String topic = System.getProperty("bench.topic", "admission");

        final boolean brokerUp = Boolean.parseBoolean(System.getProperty("bench.broker.up", "true"));

        final byte[] value = new byte[VALUE_BYTES];

        final LongAdder ops = new LongAdder();

        final LongAdder rejected = new LongAdder();

        final LongAdder failed = new LongAdder();

        private long measuredOps;

        private long measuredNanos;

        private long iterationStartOps;

        private long iterationStartNanos;

        ClientState() {
            Arrays.fill(this.value, (byte) 'x');
        }

        static Map<String, Object> producerProperties() {
            Map<String, Object> properties = new HashMap<>(
                    BenchmarkBroker.load(Path.of(System.getProperty("bench.producer.properties"))));
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
            return properties;
        }

        void iterationStarted() {
            this.iterationStartOps = this.ops.sum();
            this.iterationStartNanos = System.nanoTime();
        }

        /** Called as the iteration ends, before any drain. */
        void iterationEnded(IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                this.measuredNanos += System.nanoTime() - this.iterationStartNanos;
                this.measuredOps += this.ops.sum() - this.iterationStartOps;
            }
        }

        void report(BenchmarkParams params, String extra) {
            double opsPerSecond = this.measuredOps / (this.measuredNanos / 1e9);
            String line = String.format(Locale.ROOT, "%s threads=%d brokerUp=%s opsPerSec=%.0f rejected=%d failed=%d %s%n",
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1), params.getThreads(),
                    this.brokerUp, opsPerSecond, this.rejected.sum(), this.failed.sum(), extra);
            String file = System.getProperty("bench.aux.file");
            if (file != null) {
                try {
                    Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }

    }

    /** The pool with the current defaults (2 workers, one shared producer) and a queue that does not fill. */
    @State(Scope.Benchmark)
    public static class PoolState extends ClientState {

        PooledKafkaPublisher publisher;

        private long drainNanos;

        private Path journalDirectory;

        /** The journal's fsync mode, or {@code null}: no journal. */
        FsyncMode fsync() {
            return null;
        }

        /** Rates per topic; none. */
        Map<String, TopicLimit> topicLimits() {
            return Map.of();
        }

        @Setup(Level.Trial)
        public void start() throws Exception {
            PublisherConfig.Builder config = PublisherConfig.builder()
                .label("bench-pool")
                .queueCapacity(Integer.getInteger("bench.queue.capacity", 40_000_000))
                .queueMaxBytes(64L * 1024 * 1024 * 1024)
                .topicLimits(topicLimits())
                .producerProperties(BenchmarkBroker.producerOnly(
                        BenchmarkBroker.load(Path.of(System.getProperty("bench.producer.properties")))));
            String workers = System.getProperty("bench.workers");
            if (workers != null) {
                config.workers(Integer.parseInt(workers));
            }
            String shared = System.getProperty("bench.shared.producer");
            if (shared != null) {
                config.sharedProducer(Boolean.parseBoolean(shared));
            }
            if (fsync() != null) {
                this.journalDirectory = Directories.temporary("bench-journal-");
                config.journal(JournalSettings.of(this.journalDirectory, fsync(), Duration.ofMillis(200),
                        16L * 1024 * 1024 * 1024));
            }
            UndeliveredMessageHandler silent = (label, messages, reason) -> {
            };
            this.publisher = PooledKafkaPublisher.builder(config.build())
                .connection(BenchmarkBroker.connection(
                        BenchmarkBroker.load(Path.of(System.getProperty("bench.producer.properties")))))
                .undeliveredHandler(silent)
                .build();
            this.publisher.start();
            if (this.brokerUp) {
                this.publisher.publish(KafkaMessage.of(this.topic, (String) null, this.value)).get(60, TimeUnit.SECONDS);
            }
        }

        @Setup(Level.Iteration)
        public void beforeIteration() {
            iterationStarted();
        }

        @TearDown(Level.Iteration)
        public void afterIteration(IterationParams iteration) throws InterruptedException {
            iterationEnded(iteration);
            if (!this.brokerUp) {
                return;
            }
            long started = System.nanoTime();
            long deadline = started + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                PublisherStats stats = this.publisher.stats();
                if (stats.queued() == 0 && stats.inFlight() == 0) {
                    break;
                }
                Thread.sleep(5);
            }
            this.drainNanos += System.nanoTime() - started;
        }

        @TearDown(Level.Trial)
        public void stop(BenchmarkParams params) {
            PublisherStats stats = this.publisher.stats();
            report(params, "drainSeconds=" + this.drainNanos / 1_000_000_000L + " poolStats=[" + stats + "]");
            if (this.brokerUp) {
                this.publisher.shutdown(Duration.ofSeconds(60));
            }
            // Broker down: the queue holds millions of messages that can never be delivered; the fork
            // exits without failing each of them one by one.
            if (this.journalDirectory != null) {
                Directories.delete(this.journalDirectory);
            }
        }

    }

    /** A records and a bytes rate on the topic, a thousand times what a tight loop admits. */
    @State(Scope.Benchmark)
    public static class TopicLimitedState extends PoolState {

        @Override
        Map<String, TopicLimit> topicLimits() {
            return Map.of(this.topic, new TopicLimit(1e10, 1_000_000_000_000L, 1_000_000_000L));
        }

    }

    @State(Scope.Benchmark)
    public static class JournalIntervalState extends PoolState {

        @Override
        FsyncMode fsync() {
            return FsyncMode.INTERVAL;
        }

    }

    @State(Scope.Benchmark)
    public static class JournalAlwaysState extends PoolState {

        @Override
        FsyncMode fsync() {
            return FsyncMode.ALWAYS;
        }

    }

    @State(Scope.Benchmark)
    public static class JournalNeverState extends PoolState {

        @Override
        FsyncMode fsync() {
            return FsyncMode.NEVER;
        }

    }

    /**
     * Spring's {@code KafkaTemplate} over a {@code DefaultKafkaProducerFactory} (one shared
     * producer, as Spring Boot configures it). {@code buffer.memory} is raised to 1 GiB so that the
     * producer's accumulator, like the pool's queue, absorbs an iteration instead of blocking.
     */
    @State(Scope.Benchmark)
    public static class TemplateState extends ClientState {

        DefaultKafkaProducerFactory<byte[], byte[]> factory;

        KafkaTemplate<byte[], byte[]> template;

        @Setup(Level.Trial)
        public void start() throws Exception {
            Map<String, Object> properties = producerProperties();
            properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(1024L * 1024 * 1024));
            this.factory = new DefaultKafkaProducerFactory<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer());
            this.template = new KafkaTemplate<>(this.factory);
            // Count failures instead of logging one line per failed send.
            this.template.setProducerListener(new ProducerListener<>() {
            });
            if (this.brokerUp) {
                // The first send waits for metadata; over mTLS on a busy machine that can take longer
                // than max.block.ms, so try a few times.
                for (int attempt = 1;; attempt++) {
                    try {
                        this.template.send(this.topic, this.value).get(60, TimeUnit.SECONDS);
                        break;
                    }
                    catch (RuntimeException | java.util.concurrent.ExecutionException ex) {
                        if (attempt == 30) {
                            throw ex;
                        }
                    }
                }
            }
        }

        @Setup(Level.Iteration)
        public void beforeIteration() {
            iterationStarted();
        }

        @TearDown(Level.Iteration)
        public void afterIteration(IterationParams iteration) {
            iterationEnded(iteration);
            if (this.brokerUp) {
                this.template.flush();
            }
        }

        @TearDown(Level.Trial)
        public void stop(BenchmarkParams params) {
            report(params, "");
            if (this.brokerUp) {
                this.factory.destroy();
            }
        }

    }

}
