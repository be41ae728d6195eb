package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * One journal file, mapped into memory: a 64-byte file header, the acknowledgement bitmap, then
 * records from the next page boundary on, each 8-byte aligned. Writers reserve space with one
 * atomic add and copy into the mapping without a lock; what they copy is in the operating
 * system's page cache at once, so it survives the death of the process.
 *
 * <p>A record: magic (xor the segment's salt), payload length, CRC32C (seeded with the salt) of the
 * id and the payload, a state byte (0 being written, 1 committed), three bytes reserved, a 16-byte
 * id, the payload. The state byte is written last, with release ordering: a record is whole once
 * it reads 1. The salt, random per segment, keeps a payload that happens to hold a record-like
 * shape from passing for one when a torn record is skipped.
 *
 * <p>Acknowledgements are bits, one per 8 bytes of record space, in a bitmap of their own at the
 * head of the file, not marks in the records: a record's page, once forced to the disk, is
 * write-protected by the kernel again, and a mark written into it took a page fault (≈ 6 µs,
 * on the producer's network thread) and a second write of the page to the disk. The bitmap is
 * small (one page covers 256 KB of records), so its pages take a fault at most once per fsync
 * between them, and a torn tail leaves it whole. (Version 1 of the format, never
 * released, marked acknowledgements in the state byte; its files are moved aside as unreadable.)
 */
final class Segment {

    static final int FILE_HEADER = 64;

    /** Where a version-2 header keeps the offset of the first record. */
    static final int RECORD_START_FIELD = 40;

    private static final int PAGE = 4096;

    static final int RECORD_HEADER = 32;


    static final byte WRITING = 0;

    static final byte COMMITTED = 1;


    private static final long FILE_MAGIC = 0x4B504A5345473031L;

    private static final int RECORD_MAGIC = 0x4B504A31;

    private static final int VERSION = 2;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final long number;

    final Path file;

    /** The end of the record space: the file's size. */
    final int capacity;

    /** The offset of the first record. */
    final int recordStart;

    /** The offset of the acknowledgement bitmap. */
    private final int bitmap;

    private final MappedByteBuffer buffer;

    private final long salt;

    private final AtomicInteger position;

    /** Records reserved and not yet acknowledged; a reservation counts before it is made. */
    final AtomicInteger unacknowledged = new AtomicInteger();

    private final AtomicBoolean deleted = new AtomicBoolean();

    volatile boolean sealed;

    /** Records were committed since the last {@link #force()}. */
    private volatile boolean appended;

    /** Where {@link #oldestUnacknowledgedMillis()} goes on from. */
    private int oldestCursor;

    private Segment(long number, Path file, MappedByteBuffer buffer, long salt, int recordStart, int start) {
        this.number = number;
        this.file = file;
        this.buffer = buffer;
        this.capacity = buffer.capacity();
        this.salt = salt;
        this.recordStart = recordStart;
        this.bitmap = FILE_HEADER;
        this.oldestCursor = recordStart;
        this.position = new AtomicInteger(start);
        buffer.order(ByteOrder.BIG_ENDIAN);
    }

    /** Where the records of a segment file of {@code size} bytes begin: after the header and a bitmap of size / 64 bytes. */
    static int recordStart(int size) {
        int bitmapBytes = ((size / 64) + 7) & ~7;
        return (FILE_HEADER + bitmapBytes + PAGE - 1) & ~(PAGE - 1);
    }

    /** The room for records in a segment file of {@code size} bytes. */
    static int recordRoom(int size) {
        return size - recordStart(size);
    }

    /**
     * A new segment file of {@code size} bytes, every block written through the page cache (a full
     * disk shows now, not when a record lands on a hole of a sparse file).
     */
    static Segment create(Path directory, long number, int size) throws IOException {
        Path file = directory.resolve(name(number));
        Path partial = directory.resolve(name(number) + ".new");
        long salt = ThreadLocalRandom.current().nextLong();
        try (RandomAccessFile raf = new RandomAccessFile(partial.toFile(), "rw")) {
            FileChannel channel = raf.getChannel();
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long written = 0; written < size; written += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                while (zeros.hasRemaining()) {
                    channel.write(zeros, written + zeros.position());
                }
            }
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
            header.putLong(FILE_MAGIC).putInt(VERSION).putInt(0).putLong(number).putLong(salt)
                .putLong(System.currentTimeMillis()).putInt(recordStart(size));
            header.clear();
            channel.write(header, 0);
            // Not forced: the zeros reserve the blocks (a full disk fails this write), and the
            // records written over them are forced by the fsync mode's own rules, header
            // included (a force covers from 0); forcing 64 MB of zeros here doubled the disk
            // writes of every journaled byte, on the disk the broker may share
        }
        catch (IOException ex) {
            Files.deleteIfExists(partial);
            throw ex;
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Segment segment = map(file, number, salt, recordStart(size));
        segment.touchPages();
        return segment;
    }

    /**
     * Maps every page in now, writable: the page faults of a new mapping are taken by the thread
     * that prepares the segment, not by the callers whose records land on each page first. A read
     * would map a page read-only, and the first record written into it would still fault. The
     * pages are dirty already (the zeros written through the page cache), so writing a byte of
     * each back costs no disk write.
     */
    private void touchPages() {
        for (int page = 0; page < this.capacity; page += PAGE) {
            this.buffer.put(page, this.buffer.get(page));
        }
    }

    /** An existing segment file; throws when its header is not a segment's. */
    static Segment open(Path file) throws IOException {
        Segment segment = map(file, -1, 0, -1);
        return segment;
    }

    private static Segment map(Path file, long number, long salt, int recordStart) throws IOException {
        try (FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < FILE_HEADER || size > Integer.MAX_VALUE) {
                throw new IOException(file + " is not a journal segment (size " + size + ")");
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (recordStart >= 0) {
                return new Segment(number, file, buffer, salt, recordStart, recordStart);
            }
            int start = buffer.getInt(RECORD_START_FIELD);
            // a torn tail shortens the file, never the bitmap: it still covers every record
            boolean bitmapCovers = start >= FILE_HEADER && start <= size && (start & 7) == 0
                    && (size - start) / 64 <= start - FILE_HEADER;
            if (buffer.getLong(0) != FILE_MAGIC || buffer.getInt(8) != VERSION || !bitmapCovers) {
                Unmapper.unmap(buffer);
                throw new IOException(file + " is not a journal segment (no segment header)");
            }
            Segment segment = new Segment(buffer.getLong(16), file, buffer, buffer.getLong(24), start, (int) size);
            segment.sealed = true;
            return segment;
        }
    }

    static String name(long number) {
        return String.format("%016d.journal", number);
    }

    static int recordLength(int payloadLength) {
        return (RECORD_HEADER + payloadLength + 7) & ~7;
    }

    /**
     * Takes room for a record, or returns -1 when the segment is full. The caller has counted the
     * record in {@link #unacknowledged} before, and takes it back on -1.
     */
    int reserve(int recordLength) {
        if (this.sealed) {
            return -1;
        }
        int offset = this.position.getAndAdd(recordLength);
        if (offset < 0 || offset > this.capacity - recordLength) {
            return -1;
        }
        return offset;
    }

    /** The payload's room of a reserved record, for the caller to fill. */
    ByteBuffer payload(int offset, int payloadLength) {
        return this.buffer.slice(offset + RECORD_HEADER, payloadLength);
    }

    /** Seals a record the caller filled: id, checksum, magic, then the committed state. */
    void commit(int offset, int payloadLength, long idHigh, long idLow) {
        this.buffer.putLong(offset + 16, idHigh);
        this.buffer.putLong(offset + 24, idLow);
        this.buffer.putInt(offset + 4, payloadLength);
        this.buffer.putInt(offset + 8, checksum(offset, payloadLength));
        this.buffer.putInt(offset, RECORD_MAGIC ^ (int) this.salt);
        ByteBuffers.putByteRelease(this.buffer, offset + 12, COMMITTED);
        if (!this.appended) {
            this.appended = true;
        }
    }

    /** Sets the record's bit in the bitmap. */
    void acknowledge(int offset) {
        int unit = (offset - this.recordStart) >>> 3;
        LONGS.getAndBitwiseOrRelease(this.buffer, this.bitmap + ((unit >>> 6) << 3), 1L << (unit & 63));
    }

    boolean isAcknowledged(int offset) {
        int unit = (offset - this.recordStart) >>> 3;
        return ((long) LONGS.getAcquire(this.buffer, this.bitmap + ((unit >>> 6) << 3)) & (1L << (unit & 63))) != 0;
    }

    ByteBuffer read(int offset) {
        return payload(offset, this.buffer.getInt(offset + 4)).asReadOnlyBuffer();
    }

    long idHigh(int offset) {
        return this.buffer.getLong(offset + 16);
    }

    long idLow(int offset) {
        return this.buffer.getLong(offset + 24);
    }

    /**
     * When the oldest record not yet acknowledged was written, from its id; 0 when there is none.
     * Walks forward from where the last call stopped: acknowledged records stay acknowledged.
     */
    synchronized long oldestUnacknowledgedMillis() {
        int end = Math.min(this.capacity, this.position.get());
        int offset = this.oldestCursor;
        while (offset <= end - RECORD_HEADER && !this.deleted.get()) {
            if ((this.buffer.getInt(offset) ^ (int) this.salt) != RECORD_MAGIC) {
                return 0;
            }
            if (!isAcknowledged(offset)) {
                this.oldestCursor = offset;
                return (this.buffer.get(offset + 12) == COMMITTED) ? this.buffer.getLong(offset + 16) >>> 16 : 0;
            }
            offset += recordLength(this.buffer.getInt(offset + 4));
        }
        this.oldestCursor = offset;
        return 0;
    }

    /**
     * Writes what is in the page cache to the disk, up to where writers have reserved, when records
     * were committed since the last time. Acknowledgements alone do not call for a force: the
     * kernel writes them back in its own time, and one lost to a power cut only makes its record
     * come again.
     */
    synchronized void force() {
        if (!this.deleted.get() && this.appended) {
            this.appended = false;
            this.buffer.force(0, Math.min(this.capacity, Math.max(FILE_HEADER, this.position.get())));
        }
    }

    /**
     * Unmaps and deletes the file, once; only when no record of it will be read or acknowledged
     * again.
     */
    synchronized boolean delete() throws IOException {
        if (!this.deleted.compareAndSet(false, true)) {
            return false;
        }
        Unmapper.unmap(this.buffer);
        Files.deleteIfExists(this.file);
        return true;
    }

    /**
     * Forces the mapping to the disk without deleting or unmapping it: the journal closes. The
     * mapping stays valid until it is garbage, so a producer callback that acknowledges a record
     * after close writes into the file instead of into unmapped memory.
     */
    synchronized void close() {
        if (!this.deleted.get()) {
            this.buffer.force();
        }
    }

    /**
     * Walks the records, for recovery: each committed record to {@code committed}, each torn or
     * corrupt one to {@code corrupt} with its position; an acknowledged one is skipped.
     */
    void scan(RecordVisitor committed, CorruptVisitor corrupt) {
        int offset = this.recordStart;
        int limit = this.capacity;
        while (offset <= limit - RECORD_HEADER) {
            int magic = this.buffer.getInt(offset) ^ (int) this.salt;
            if (magic != RECORD_MAGIC) {
                int next = nextRecord(offset + 8);
                if (next < 0) {
                    if (!isZero(offset, limit)) {
                        corrupt.at(this, offset, "no record at this position, and none after it");
                    }
                    return;
                }
                corrupt.at(this, offset, "no record at this position; the next one starts at " + next);
                offset = next;
                continue;
            }
            int payloadLength = this.buffer.getInt(offset + 4);
            byte state = this.buffer.get(offset + 12);
            boolean sane = payloadLength >= 0 && payloadLength <= limit - offset - RECORD_HEADER;
            boolean known = state == COMMITTED;
            if (!sane || !known || this.buffer.getInt(offset + 8) != checksum(offset, payloadLength)) {
                corrupt.at(this, offset, !sane ? "its length is out of the segment"
                        : (state == WRITING) ? "it was not completely written (torn)"
                                : !known ? "its state byte is not a state" : "its checksum does not match");
                int next = nextRecord(offset + 8);
                if (next < 0) {
                    return;
                }
                offset = next;
                continue;
            }
            if (state == COMMITTED && !isAcknowledged(offset)) {
                committed.record(this, offset);
            }
            offset += recordLength(payloadLength);
        }
    }

    private int nextRecord(int from) {
        for (int offset = (from + 7) & ~7; offset <= this.capacity - RECORD_HEADER; offset += 8) {
            if ((this.buffer.getInt(offset) ^ (int) this.salt) == RECORD_MAGIC) {
                int payloadLength = this.buffer.getInt(offset + 4);
                if (payloadLength >= 0 && payloadLength <= this.capacity - offset - RECORD_HEADER
                        && this.buffer.getInt(offset + 8) == checksum(offset, payloadLength)) {
                    return offset;
                }
            }
        }
        return -1;
    }

    private boolean isZero(int from, int to) {
        for (int offset = from; offset < to; offset += 8) {
            if (offset + 8 <= to ? this.buffer.getLong(offset) != 0 : this.buffer.get(offset) != 0) {
                return false;
            }
        }
        return true;
    }

    private int checksum(int offset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update((int) (this.salt >>> 56));
        crc.update((int) this.salt);
        crc.update(this.buffer.slice(offset + 16, 16 + payloadLength));
        return (int) crc.getValue();
    }

    /** Receives a committed record at recovery. */
    @FunctionalInterface
    interface RecordVisitor {

        void record(Segment segment, int offset);

    }

    /** Receives a torn or corrupt record at recovery. */
    @FunctionalInterface
    interface CorruptVisitor {

        void at(Segment segment, int offset, String why);

    }

}
