package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Records are copied into writable windows that end at multiples of {@value Segment#WINDOW} bytes
 * of the file (the first one begins where the records do), each unmapped once written through. Invariants checked here: a record that crosses a window boundary (its header,
 * its payload, or both; or longer than a window) reads back whole, now and after the next open,
 * with a valid checksum; a window is unmapped once every byte of it is written, and not before
 * (a write into an unmapped window would crash the JVM, under concurrent writers too).
 */
class JournalWindowTests {

    private static final int WINDOW = Segment.WINDOW;

    /** Three windows of record space and a tail that is not a whole page. */
    private static final int SEGMENT = SegmentFormat.recordStart(3 * WINDOW) + 3 * WINDOW + 5000;

    /** The record space of the first window: from where the records begin to the first multiple of WINDOW. */
    private static final int FIRST_WINDOW = Segment.windowEnd(SegmentFormat.recordStart(SEGMENT), SEGMENT, 0)
            - SegmentFormat.recordStart(SEGMENT);

    @TempDir
    Path directory;

    private final List<Journal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        this.opened.forEach(Journal::close);
    }

    @Test
    void windowsTileTheRecordSpaceAndEndAtMultiplesOfTheWindowSize() {
        Random random = new Random(11);
        List<Integer> sizes = new ArrayList<>(List.of(64 * 1024, WINDOW, WINDOW + 4096, SEGMENT,
                JournalSettings.DEFAULT_SEGMENT_BYTES, Integer.MAX_VALUE & -4096));
        for (int i = 0; i < 500; i++) {
            sizes.add(64 * 1024 + random.nextInt(256 << 20));
        }
        for (int size : sizes) {
            int start = SegmentFormat.recordStart(size);
            int count = Segment.windowCount(start, size);
            int at = start;
            for (int window = 0; window < count; window++) {
                int from = Segment.windowStart(start, window);
                int to = Segment.windowEnd(start, size, window);
                assertThat(from).as("size %d, window %d", size, window).isEqualTo(at);
                assertThat(to - from).as("size %d, window %d", size, window).isPositive().isLessThanOrEqualTo(WINDOW);
                if (window > 0) {
                    assertThat(from % WINDOW).as("size %d, window %d", size, window).isZero();
                }
                if (window < count - 1) {
                    assertThat(to % WINDOW).as("size %d, window %d", size, window).isZero();
                }
                at = to;
            }
            assertThat(at).as("size %d", size).isEqualTo(size);
        }
    }

    @Test
    void recordsAcrossWindowBoundariesReadBackWholeNowAndAfterTheNextOpen() {
        Journal journal = open(FsyncMode.INTERVAL);
        Random random = new Random(7);
        List<byte[]> payloads = new ArrayList<>();
        // the first record ends 8 bytes before the first boundary: the second one's header crosses it
        payloads.add(bytes(random, FIRST_WINDOW - SegmentFormat.RECORD_HEADER - 8));
        payloads.add(bytes(random, 100));
        // a payload longer than a window, crossing two boundaries
        payloads.add(bytes(random, WINDOW + WINDOW / 2));
        // then sizes from empty to half a window, into the next segments
        for (int i = 0; i < 60; i++) {
            payloads.add(bytes(random, (i % 5 == 0) ? 0 : random.nextInt(WINDOW / 2)));
        }
        List<Long> references = new ArrayList<>();
        for (byte[] payload : payloads) {
            long reference = journal.append(payload.length, (buffer) -> buffer.put(payload));
            references.add(reference);
            assertThat(bytesOf(journal.read(reference))).isEqualTo(payload);
        }
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(bytesOf(journal.read(references.get(i)))).as("record %d", i).isEqualTo(payloads.get(i));
        }
        journal.close();

        Journal reopened = open(FsyncMode.INTERVAL);
        List<byte[]> replayed = new ArrayList<>();
        reopened.replay((reference, payload) -> replayed.add(bytesOf(payload)));

        assertThat(reopened.stats().corrupt()).isZero();
        assertThat(replayed).hasSameSizeAs(payloads);
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(replayed.get(i)).as("record %d", i).isEqualTo(payloads.get(i));
        }
    }

    @Test
    void aWindowIsUnmappedOnceEveryByteOfItIsWrittenAndNotBefore() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "reads the process's mappings from /proc (Linux)");
        Journal journal = open(FsyncMode.NEVER);
        Path first = this.directory.resolve(SegmentFormat.name(1));
        // the head, the read-only view, three writable windows and a partial one; counted in bytes, not areas:
        // the kernel may merge adjacent mappings into one area, which leaves the bytes as they are
        long mapped = mappedBytes(first);

        // all of the first window but its last 8 bytes: nothing is unmapped
        byte[] most = new byte[FIRST_WINDOW - SegmentFormat.RECORD_HEADER - 8];
        journal.append(most.length, (buffer) -> buffer.put(most));
        assertThat(mappedBytes(first)).isEqualTo(mapped);
        // a record that crosses into the second window completes the first one: its writer unmaps it
        byte[] across = new byte[64];
        journal.append(across.length, (buffer) -> buffer.put(across));
        assertThat(mappedBytes(first)).isEqualTo(mapped - FIRST_WINDOW);
        // the rest of the second window and all of the third, in one record: two more go
        byte[] rest = new byte[2 * WINDOW - (SegmentFormat.RECORD_HEADER + 64 - 8) - SegmentFormat.RECORD_HEADER];
        journal.append(rest.length, (buffer) -> buffer.put(rest));
        assertThat(mappedBytes(first)).isEqualTo(mapped - FIRST_WINDOW - 2L * WINDOW);
        journal.close();
    }

    @Test
    void anEmptyRecordInTheLastBytesOfTheLastWindowIsWrittenAndReadBack() {
        // a segment whose record space is exactly two windows
        int size = 2 * WINDOW;
        for (int i = 0; i < 4; i++) {
            // header and bitmaps grow with the file: settles after a step or two
            size = 2 * WINDOW + SegmentFormat.recordStart(size);
        }
        assertThat(size - SegmentFormat.recordStart(size)).isEqualTo(2 * WINDOW);
        Journal journal = Journal.open(new JournalSettings(this.directory, FsyncMode.INTERVAL, Duration.ofMillis(50),
                8L * size, size), "test");
        this.opened.add(journal);
        byte[] most = new byte[2 * WINDOW - 2 * SegmentFormat.RECORD_HEADER];
        long first = journal.append(most.length, (buffer) -> buffer.put(most));
        // its header fills the segment's last 32 bytes, its payload starts where the file ends
        long empty = journal.append(0, (buffer) -> {
        });

        assertThat(empty >>> 32).isEqualTo(first >>> 32);
        assertThat(journal.read(empty).remaining()).isZero();
        journal.close();
        Journal reopened = open(FsyncMode.INTERVAL);
        List<Integer> lengths = new ArrayList<>();
        reopened.replay((reference, payload) -> lengths.add(payload.remaining()));
        assertThat(lengths).containsExactly(most.length, 0);
        assertThat(reopened.stats().corrupt()).isZero();
    }

    /**
     * Writers of random sizes, concurrently, each reading its records back at once; then the next
     * open hands back exactly what was written. Windows are unmapped while other writers still
     * copy into the next ones.
     */
    @Test
    void concurrentWritersAcrossWindowsReadBackWhatTheyWrote() throws Exception {
        long seed = Long.getLong("journal.seed", System.nanoTime());
        Journal journal = open(FsyncMode.INTERVAL);
        int threads = 4;
        Map<String, byte[]> written = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed + thread);
                    start.await();
                    for (int i = 0; i < 150; i++) {
                        byte[] payload = bytes(random, random.nextInt((i % 10 == 0) ? WINDOW + 1000 : 20_000));
                        byte[] name = ("t" + thread + "-" + i + ":").getBytes();
                        byte[] record = Arrays.copyOf(name, name.length + payload.length);
                        System.arraycopy(payload, 0, record, name.length, payload.length);
                        long reference = journal.append(record.length, (buffer) -> buffer.put(record));
                        assertThat(bytesOf(journal.read(reference))).as("seed %d", seed).isEqualTo(record);
                        written.put("t" + thread + "-" + i, record);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : done) {
                each.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        journal.close();

        Journal reopened = open(FsyncMode.INTERVAL);
        Map<String, byte[]> replayed = new ConcurrentHashMap<>();
        reopened.replay((reference, payload) -> {
            byte[] record = bytesOf(payload);
            String text = new String(record, 0, Math.min(record.length, 16));
            replayed.put(text.substring(0, text.indexOf(':')), record);
        });

        assertThat(reopened.stats().corrupt()).as("seed %d", seed).isZero();
        assertThat(replayed.keySet()).as("seed %d", seed).isEqualTo(written.keySet());
        written.forEach((name, record) -> assertThat(replayed.get(name)).as("seed %d: %s", seed, name)
            .isEqualTo(record));
    }

    private Journal open(FsyncMode fsync) {
        Journal journal = Journal.open(
                new JournalSettings(this.directory, fsync, Duration.ofMillis(50), 64L * SEGMENT, SEGMENT), "test");
        this.opened.add(journal);
        return journal;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytesOf(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    /** How many mappings of {@code file} the process has. */
    /**
     * The file's mappings in this process. /proc/self/maps is read in pieces, and a mapping made or
     * dropped meanwhile (the segments thread preparing the next segment) can shift the rest: the
     * count is taken once two reads in a row agree.
     */
    /** Bytes of this process's address space that map {@code file}, read until two reads agree. */
    private static long mappedBytes(Path file) throws IOException {
        String name = file.toAbsolutePath().toString();
        long previous = -1;
        for (int attempt = 0; attempt < 20; attempt++) {
            long bytes = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter((line) -> line.endsWith(name))
                .mapToLong((line) -> {
                    String[] range = line.substring(0, line.indexOf(' ')).split("-");
                    return Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
                })
                .sum();
            if (bytes == previous) {
                return bytes;
            }
            previous = bytes;
        }
        return previous;
    }

}
