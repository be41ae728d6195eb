package dev.kafkapool.publisher;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte bound counts what queued records really hold: the heap retained by records waiting in
 * a lane (measured after full collections, with the test keeping no reference to them) against
 * {@code stats().queuedBytes()}, for the shapes that cost most per payload byte. The bound counts
 * from admission on what Kafka's producer will hold for a record once it is sent; that part is
 * left out here, where no record is sent (the sample app's {@code SigtermTests} hold records in a
 * real producer on a small heap).
 */
class QueuedMemoryTests {

    enum Shape {

        /**
         * 120 tiny headers of distinct names per record: the header flood, in miniature. 3,000 of
         * them (≈ 36 MB), so that the heap's region-sized steps (1–4 MB in G1) stay small beside it.
         */
        HEADER_HEAVY(3000, (i) -> {
            KafkaMessage.Builder builder = KafkaMessage.builder("orders").key("k" + i).value("v");
            for (int h = 0; h < 120; h++) {
                builder.header("h" + i + "-" + h, "x");
            }
            return builder.build();
        }),

        /** 2 KiB keys, tiny values. */
        KEY_HEAVY(3000, (i) -> KafkaMessage.of("orders", "k".repeat(2048) + i, "v")),

        /** 4 KiB values. */
        VALUE_HEAVY(3000, (i) -> KafkaMessage.of("orders", "k" + i, new byte[4096])),

        /**
         * Values of half a G1 heap region: humongous, each in whole regions of its own (twice its size), which the
         * bound counted at its size. 40 of them: 40 regions, 1–4 MB each.
         */
        HALF_REGION_VALUES(40, (i) -> KafkaMessage.of("orders", "k" + i, new byte[HalfRegion.BYTES])),

        /** 100-byte values with one header: the common case, where object overhead weighs most. */
        SMALL(20_000, (i) -> KafkaMessage.builder("orders").key("key-" + i).value(new byte[100])
            .header("source", "test")
            .build());

        final int count;

        final IntFunction<KafkaMessage> message;

        Shape(int count, IntFunction<KafkaMessage> message) {
            this.count = count;
            this.message = message;
        }

    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void accountedBytesCoverTheHeapQueuedRecordsHold(Shape shape) {
        PublisherConfig config = FakeProducerPool.config().workers(1).queueMaxBytes(1L << 32)
            .queueCapacity(1_000_000)
            // records of half a region (up to 16 MB) are admitted
            .producerProperties(Map.of("max.request.size", 64 << 20))
            .build();
        try (FakeProducerPool pool = new FakeProducerPool(config, 1, (producer) -> {
        })) {
            pool.start();
            pool.publisher.publish(shape.message.apply(-1));
            FakeProducerPool.await("the producer's only slot taken", () -> pool.producer().unansweredCount() == 1);
            long baseBytes = pool.publisher.stats().queuedBytes();
            long before = usedHeapAfterGc();

            publish(pool.publisher, shape);
            long after = usedHeapAfterGc();

            long measured = (after - before) / shape.count;
            // queued, not sent: what Kafka's producer will hold for them is counted from admission on, not held yet
            long accounted = (pool.publisher.stats().queuedBytes() - baseBytes) / shape.count
                    - MessageFootprint.inProducer(shape.message.apply(0));
            System.out.printf("queued memory, %s: %d bytes accounted, %d bytes measured per record%n", shape,
                    accounted, measured);
            assertThat(pool.publisher.stats().queued()).isEqualTo(shape.count);
            assertThat(accounted).as("accounted %d vs measured %d bytes per %s record", accounted, measured, shape)
                .isGreaterThanOrEqualTo(measured * 95 / 100)
                .isLessThanOrEqualTo(measured * 160 / 100);
            pool.publisher.shutdown(Duration.ZERO);
        }
    }

    /** Half of G1's region size (with another collector, of 1 MB): an array of this many bytes is humongous. */
    private static final class HalfRegion {

        static final int BYTES = (int) (regionSize() / 2);

        private static long regionSize() {
            com.sun.management.HotSpotDiagnosticMXBean hotSpot = ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long region = Long.parseLong(hotSpot.getVMOption("G1HeapRegionSize").getValue());
            return (region > 0) ? region : 1 << 20;
        }

    }

    /** Publishes without keeping a reference: the pool alone holds the records. */
    private static void publish(PooledKafkaPublisher publisher, Shape shape) {
        for (int i = 0; i < shape.count; i++) {
            publisher.publish(shape.message.apply(i));
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

}
