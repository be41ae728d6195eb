package dev.kafkapool.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.producer.Producer;

import dev.kafkapool.benchmarks.StuckProducer;
import dev.kafkapool.publisher.KafkaMessage;
import dev.kafkapool.publisher.PooledKafkaPublisher;
import dev.kafkapool.publisher.PublisherConfig;
import dev.kafkapool.publisher.UndeliveredMessageHandler;

/**
 * Child JVM of {@link MemoryRunner}: queues N messages of one size in a started pool whose
 * producers never return from {@code send} (each worker holds one message, the rest stay queued),
 * and prints the heap they hold after a full GC, per message, with a class histogram.
 *
 * <p>Each message has a value array of its own, as messages built from request bodies do, and the
 * caller keeps neither the message nor the future.
 */
public final class QueueMemory {

    private QueueMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        Producer<byte[], byte[]> stuck = StuckProducer.create();
        PublisherConfig config = PublisherConfig.builder()
            .label("memory")
            .queueCapacity(count + 16)
            // room for every message as the byte bound counts it (MessageFootprint: the objects
            // beside the value, a few hundred bytes), so that admission never refuses
            .queueMaxBytes((long) (count + 16) * (size + 512))
            .build();
        UndeliveredMessageHandler silent = (label, messages, reason) -> {
        };
        PooledKafkaPublisher publisher = PooledKafkaPublisher.builder(config)
            .producerSupplier((properties) -> stuck)
            .undeliveredHandler(silent)
            .build();
        publisher.start();
        // Warm up the path once (the workers take their one message each), then measure.
        for (int i = 0; i < config.workers() * 4; i++) {
            publisher.publish(KafkaMessage.of("memory", (String) null, new byte[size]));
        }
        Thread.sleep(200);
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            publisher.publish(KafkaMessage.of("memory", (String) null, new byte[size]));
        }
        long after = usedAfterGc();
        double perMessage = (after - before) / (double) count;
        System.out.printf(Locale.ROOT, "RESULT size=%d count=%d queued=%d bytesPerMessage=%.1f overhead=%.1f "
                + "jvm=%s%n", size, count, publisher.stats().queued(), perMessage, perMessage - size,
                System.getProperty("java.version") + " " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        String histogram = classHistogram();
        histogram.lines().skip(0).limit(14).forEach((line) -> System.out.println("HISTO " + line));
        publisher.shutdown(Duration.ZERO);
        System.exit(0);
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String classHistogram() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] { null }, new String[] { String[].class.getName() });
    }

}
