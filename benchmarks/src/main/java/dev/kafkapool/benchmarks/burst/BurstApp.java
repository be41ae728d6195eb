package dev.kafkapool.benchmarks.burst;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kafkapool.benchmarks.ThreadCpu;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.KafkaPublisher;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublishRejectedException;

/**
 * The application a new user writes: Spring Boot with web, actuator and the Prometheus registry,
 * the starter configured by {@code KAFKA_*} variables only, default JVM options. It builds N
 * distinct JSON messages (a key, one header, a value of {@code burst.size} bytes), publishes them
 * as fast as {@code publish} returns, waits for every future, and prints one line:
 * {@code BURST records=… seconds=… cpuReadyNanos=… cpuBurstNanos=… cpuTotalNanos=… allocatedBytes=…
 * maxPublishMicros=… …}; with {@code burst.publishCause=true} also what the longest publish spent
 * its time on ({@link PublishCause}; {@code maxPublishCpuMicros} is −1 without); {@code cpuTotalNanos} is read after the context is closed, so it holds
 * Spring's start and stop. With {@code burst.count=0} it only starts and stops: the cost that is
 * subtracted from a burst's total.
 *
 * <p>A publish refused with a full queue is tried again after 1 ms, as a caller that honours the
 * pool's back-pressure would; the line counts the refusals.
 *
 * <p>With {@code burst.client=producer} the same app sends the same messages through one Kafka
 * {@code KafkaProducer} of its own instead (the pool's connection and producer settings, the
 * messages' headers as they are, a {@code CompletableFuture} completed by each send's callback):
 * what the workload costs with Kafka's own client, so that the pool's share of a gap to
 * ProducerPerformance can be told from the workload's (keys, a header, distinct values, Spring).
 * Its {@code send} blocks while the producer's buffer is full, as Kafka's client does by default
 * ({@code max.block.ms} is Kafka's 60 s, not the pool's 0).
 */
@SpringBootApplication
public class BurstApp {

    public static void main(String[] args) throws Exception {
        ProcessMeter meter = new ProcessMeter();
        int count = Integer.getInteger("burst.count", 200_000);
        int size = Integer.getInteger("burst.size", 1024);
        String topic = System.getProperty("burst.topic", "burst");
        boolean keyed = Boolean.parseBoolean(System.getProperty("burst.keyed", "true"));
        boolean publishCause = Boolean.getBoolean("burst.publishCause");
        boolean ownProducer = System.getProperty("burst.client", "pool").equals("producer");
        ConfigurableApplicationContext context = SpringApplication.run(BurstApp.class, args);
        long cpuReady = meter.cpuNanos();
        String line = "";
        if (count > 0 && ownProducer) {
            try (DirectProducer producer = new DirectProducer(context.getBean(PooledKafkaPublisher.class))) {
                line = burst(producer, meter, topic, count, size, keyed, publishCause);
            }
        }
        else if (count > 0) {
            line = burst(context.getBean(KafkaPublisher.class)::publish, meter, topic, count, size, keyed,
                    publishCause);
        }
        context.close();
        System.out.printf(Locale.ROOT, "BURST records=%d size=%d cpuReadyNanos=%d cpuTotalNanos=%d %s%n", count, size,
                cpuReady, meter.cpuNanos(), line);
        System.exit(0);
    }

    private static String burst(Sender publisher, ProcessMeter meter, String topic, int count, int size,
            boolean keyed, boolean publishCause) {
        KafkaMessage[] messages = new KafkaMessage[count];
        for (int i = 0; i < count; i++) {
            KafkaMessage.Builder builder = KafkaMessage.builder(topic).value(json(i, size))
                .header("event-type", "order-created");
            messages[i] = keyed ? builder.key("order-" + i).build() : builder.build();
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<?>[] futures = new CompletableFuture[count];
        GcLog gc = GcLog.start();
        long rejected = 0;
        long maxPublish = 0;
        long maxPublishAt = 0;
        long maxPublishCpu = -1;
        int maxPublishIndex = -1;
        long over1ms = 0;
        long uptimeAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
        long allocatedBefore = meter.allocatedBytes();
        ThreadCpu threadCpu = new ThreadCpu(ThreadCpu.APPLICATION);
        Map<String, Long> threadCpuBefore = threadCpu.byRole();
        long cpuBefore = meter.cpuNanos();
        PublishCause cause = publishCause ? PublishCause.start() : null;
        Instant startedInstant = Instant.now();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long cpu = publishCause ? meter.threadCpuNanos() : 0;
            long before = System.nanoTime();
            try {
                futures[i] = publisher.publish(messages[i]);
            }
            catch (PublishRejectedException ex) {
                rejected++;
                i--;
                sleepMillis(1);
                continue;
            }
            long took = System.nanoTime() - before;
            if (publishCause) {
                cpu = meter.threadCpuNanos() - cpu;
            }
            if (took > maxPublish) {
                maxPublish = took;
                maxPublishAt = before;
                maxPublishIndex = i;
                maxPublishCpu = publishCause ? cpu : -1;
            }
            if (took > 1_000_000) {
                over1ms++;
            }
            messages[i] = null;
        }
        long admitted = System.nanoTime();
        CompletableFuture.allOf(futures).join();
        long finished = System.nanoTime();
        long cpuBurst = meter.cpuNanos() - cpuBefore;
        String producerMetrics = producerMetrics();
        Map<String, Long> threadCpuAfter = threadCpu.byRole();
        long allocated = meter.allocatedBytes() - allocatedBefore;
        double seconds = (finished - started) / 1e9;
        double maxAtMillis = uptimeAtStart + (maxPublishAt - started) / 1e6;
        String causeFields = (cause != null) ? cause.stop(startedInstant.plusNanos(maxPublishAt - started), maxPublish)
                : "";
        return String.format(Locale.ROOT,
                "seconds=%.3f recordsPerSec=%.1f admitSeconds=%.3f cpuBurstNanos=%d allocatedBytes=%d rejected=%d "
                        + "maxPublishMicros=%.0f publishesOver1ms=%d gcPauses=%d gcPauseMillis=%d gcMaxPauseMillis=%d "
                        + "maxPublishDuringGc=%s maxPublishIndex=%d maxPublishCpuMicros=%.1f %s %s "
                        + "gcNames=%s %s",
                seconds, count / seconds, (admitted - started) / 1e9, cpuBurst, allocated, rejected,
                maxPublish / 1e3, over1ms, gc.count(), gc.totalMillis(), gc.maxMillis(),
                gc.overlaps(maxAtMillis, maxPublish / 1e6), maxPublishIndex, maxPublishCpu / 1e3, producerMetrics,
                causeFields,
                gc.names(), ThreadCpu.format(threadCpuBefore, threadCpuAfter));
    }

    /** What the burst publishes through: the pool's {@code publish}, or a {@link DirectProducer}. */
    @FunctionalInterface
    interface Sender {

        CompletableFuture<?> publish(KafkaMessage message);

    }

    /** One {@code KafkaProducer} with the pool's connection and producer settings, used directly. */
    static final class DirectProducer implements Sender, AutoCloseable {

        private final KafkaProducer<byte[], byte[]> producer;

        DirectProducer(PooledKafkaPublisher pool) {
            Map<String, Object> properties = new HashMap<>(pool.connection().properties());
            properties.putAll(pool.config().producerProperties());
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "burst-direct");
            // Kafka's default (60 s) instead of the pool's 0: send waits for metadata and buffer room
            properties.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
            this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public CompletableFuture<RecordMetadata> publish(KafkaMessage message) {
            CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
            @SuppressWarnings({ "unchecked", "rawtypes" })
            Iterable<Header> headers = (Iterable) message.headers();
            this.producer.send(new ProducerRecord<>(message.topic(), null, message.key(), message.value(), headers),
                    (metadata, exception) -> {
                        if (exception != null) {
                            future.completeExceptionally(exception);
                        }
                        else {
                            future.complete(metadata);
                        }
                    });
            return future;
        }

        @Override
        public void close() {
            this.producer.close();
        }

    }

    /**
     * Kafka's own metrics of the producer that sent the burst (the one with the most records
     * sent, from its JMX bean {@code producer-metrics}): {@code buffer-exhausted-total}, sends
     * refused for want of buffer room, each one an exception with its stack trace inside
     * {@code send}; {@code batch-size-avg} and {@code records-per-request-avg}, how full its
     * batches and requests were. As {@code name=value} fields; -1 where a metric is missing.
     */
    static String producerMetrics() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> busiest = Map.of();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                // read through the bean's own list: asked for by name, an attribute was answered "not found" here
                Map<String, Double> values = new HashMap<>();
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (server.getAttribute(name, attribute.getName()) instanceof Number number) {
                        values.put(attribute.getName(), number.doubleValue());
                    }
                }
                if (values.getOrDefault("record-send-total", 0.0) > busiest.getOrDefault("record-send-total", -1.0)) {
                    busiest = values;
                }
            }
        }
        catch (JMException ex) {
            busiest = Map.of();
        }
        return String.format(Locale.ROOT, "bufferExhausted=%.0f batchSizeAvg=%.0f recordsPerRequestAvg=%.1f",
                busiest.getOrDefault("buffer-exhausted-total", -1.0), busiest.getOrDefault("batch-size-avg", -1.0),
                busiest.getOrDefault("records-per-request-avg", -1.0));
    }

    /** A distinct JSON order of exactly {@code size} bytes (padded in a note field). */
    static byte[] json(int id, int size) {
        StringBuilder json = new StringBuilder(size).append("{\"orderId\":").append(id)
            .append(",\"customer\":\"customer-").append(id % 977).append("\",\"amount\":").append(id % 10_000)
            .append('.').append(id % 100).append(",\"currency\":\"EUR\",\"note\":\"");
        while (json.length() < size - 2) {
            json.append((char) ('a' + (json.length() + id) % 26));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Every pause during the burst, from the JVM's GC notifications (G1's collections, ZGC's and Shenandoah's pauses). */
    static final class GcLog {

        private final List<long[]> events = new ArrayList<>();

        private final List<String> names = new ArrayList<>();

        static GcLog start() {
            GcLog log = new GcLog();
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) bean).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                        .equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData());
                        if (info.getGcName().endsWith("Cycles")) {
                            // ZGC's and Shenandoah's concurrent cycles: the application ran meanwhile
                            return;
                        }
                        log.add(info.getGcName(), info.getGcInfo().getStartTime(), info.getGcInfo().getDuration());
                    }
                }, null, null);
            }
            return log;
        }

        synchronized void add(String name, long startMillis, long durationMillis) {
            this.events.add(new long[] { startMillis, durationMillis });
            if (!this.names.contains(name)) {
                this.names.add(name);
            }
        }

        synchronized int count() {
            return this.events.size();
        }

        synchronized long totalMillis() {
            return this.events.stream().mapToLong((e) -> e[1]).sum();
        }

        synchronized long maxMillis() {
            return this.events.stream().mapToLong((e) -> e[1]).max().orElse(0);
        }

        /** Whether a collection ran during [at, at + millis], give or take 1 ms (clock resolution). */
        synchronized boolean overlaps(double at, double millis) {
            return this.events.stream().anyMatch((e) -> e[0] <= at + millis + 1 && e[0] + e[1] >= at - 1);
        }

        synchronized String names() {
            return String.join("+", this.names).replace(' ', '_');
        }

    }

}
