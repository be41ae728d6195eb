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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

import static dev.kafkapool.publisher.journal.SegmentFormat.*;

/**
 * One journal file, mapped into memory: a 64-byte file header, the acknowledgement bitmap and its
 * mirror, then records from the next page boundary on, each 8-byte aligned. Writers reserve space with one
 * atomic add and copy into the mapping without a lock; what they copy is in the operating
 * system's page cache at once, so it survives the death of the process.
 *
 * <p>A record: magic (xor the segment's salt), payload length, CRC32C (seeded with the salt) of the
 * id and the payload, a state byte (0 being written, 1 committed), three bytes reserved, a 16-byte
 * id, the payload. The state byte is written last, with release ordering: a record is whole once
 * it reads 1. Once a record no longer fits and every record before it is committed, where the
 * records end goes into the file header ({@link #sealedEnd}, read at recovery): zeros before it are
 * lost records, not room never written to, nor a write the process stopped in. The salt, random
 * per segment, keeps a payload that happens to hold a record-like shape from passing for one when
 * a torn record is skipped.
 *
 * <p>Acknowledgements are bits, one per 8 bytes of record space, in a bitmap of their own at the
 * head of the file, not marks in the records: a record's page, once forced to the disk, is
 * write-protected by the kernel again, and a mark written into it took a page fault (≈ 6 µs,
 * on the producer's network thread) and a second write of the page to the disk. The bitmap is
 * small (one page covers 256 KB of records), so its pages take a fault at most once per fsync
 * between them, and a torn tail leaves it whole. The bitmap is not checksummed (every acknowledgement
 * would rewrite its sum): it is kept twice, and a record counts as acknowledged only when both copies
 * say so, so a flipped byte in either hands records back once more (a duplicate the id header tells
 * apart) and never drops one; with one copy (version 2, still read) such a flip dropped the record
 * silently. (Version 1 of the format, never released, marked acknowledgements in the state byte;
 * its files are moved aside as unreadable. A header whose magic, version or positions took damage is
 * read in the layout its content shows, or the file is moved aside: see {@link SegmentHeaders#layout}.)
 *
 * <p>Three kinds of mapping share the file's pages: the head (file header and bitmap, writable),
 * a read-only view of the whole file (every read, and every force), and writable windows over the
 * record space, which writers copy into: they end at file offsets that are multiples of
 * {@value #WINDOW} bytes (the first begins where the records do, the last ends with the file), so
 * the kernel maps each whole window at an address aligned like its offset, and one write fault
 * maps a whole large page-cache folio instead of one 4 KB page: preparing a new 64 MB segment took
 * 63–65 ms of CPU through 1 MB windows at unaligned offsets, 11–13 ms through aligned ones, on the
 * VM of BENCHMARKS.md (a write fault per page cost ≈ 3.4 µs there). A window is unmapped as soon
 * as every byte of it is written. Writing a page back to the disk must first write-protect every
 * writable mapping of it, one TLB flush per page, and a flush is an interrupt to each other
 * core that runs this process (on a virtual machine, an exit to the host each): forcing 256 MB
 * written through one writable mapping took 0.94 s of a second core on the 2-core VM of
 * BENCHMARKS.md, through windows already unmapped 0.13 s, the disk's own time. A force then
 * touches only the window still being written.
 */
final class Segment {

    /**
     * Writable windows end at multiples of this many bytes of the file: a power of two, and a
     * multiple of the size of the kernel's large pages (2 MB on x86-64 and arm64 with 4 KB pages).
     */
    static final int WINDOW = 2 << 20;

    /** What a torn write is, for the log: {@link #scan} finds one where a process stopped while writing. */
    private static final String TORN = "a record the process was writing when it stopped (torn: never committed,"
            + " so never accepted)";

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final long number;

    final Path file;

    /** The end of the record space: the file's size. */
    final int capacity;

    /** The offset of the first record. */
    final int recordStart;

    /** The offset of the acknowledgement bitmap. */
    private final int bitmap;

    /**
     * The offset of its mirror, which every acknowledgement sets too, or -1 (a version-2 file): a
     * record counts as acknowledged only when both say so, so a flipped bit in the bitmap hands a
     * record back once more instead of dropping it.
     */
    private final int mirror;

    /** The file header and the bitmap, writable: {@code [0, recordStart)}. */
    private final MappedByteBuffer head;

    /** The whole file, read-only: every read goes here, and every force. */
    private final MappedByteBuffer view;

    /**
     * Writable windows over the record space, window {@code i} over
     * {@code [windowStart(i), windowEnd(i))}; each set to null and unmapped once {@link #filled} says
     * every byte of it is written. None for a segment opened at recovery: it is never written to.
     */
    private final AtomicReferenceArray<MappedByteBuffer> windows;

    /** Bytes of each window that writers have finished with: committed records and their padding. */
    private final AtomicIntegerArray filled;

    private final long salt;

    private final AtomicInteger position;

    /** Records reserved and not yet acknowledged; a reservation counts before it is made. */
    final AtomicInteger unacknowledged = new AtomicInteger();

    private final AtomicBoolean deleted = new AtomicBoolean();

    volatile boolean sealed;

    /** What opening the file found damaged in its header and set right, for the log; empty for a new segment. */
    List<String> repairs = List.of();

    /**
     * Bytes missing at the end of the file, against the size it was made with (its header says,
     * when its layout agrees): a file cut short, whose cut part may have held records.
     */
    int missingBytes;

    /**
     * Whether {@link #scan} found only zeros after the last record: room never written to, unless
     * {@link #sealedEnd} says records were there.
     */
    boolean endsInZeros;

    /**
     * Where its records end, as its header says: written once a record no longer fitted and every
     * record before it was committed, or by the recovery that read it ({@link #keepEndOfWholeRecords});
     * -1 when it does not say (a segment still written to or with a write in progress when the process
     * stopped, or made before headers kept it). Read at recovery.
     */
    int sealedEnd = -1;

    /** Whether {@link #scan} found zeros where {@link #sealedEnd} says records were: records lost. */
    boolean zeroedRecords;

    /** Where the whole records {@link #scan} found end: after the last, or the record start. */
    private int wholeEnd;

    /**
     * Where the records end once a record no longer fits (the offset of the first reservation that does
     * not), or -1; written into the header once every record before it is committed.
     */
    private volatile int pendingEnd = -1;

    private final AtomicBoolean endWritten = new AtomicBoolean();

    /** Out of the journal's live segments: no record of it is looked up any more. */
    volatile boolean retired;

    /**
     * Its file was deleted or cut short by someone else while in use: the records it held are only
     * in this process's mapping (or memory), and it takes no new ones.
     */
    volatile boolean lost;

    /** Records were committed since the last {@link #force()}. */
    private volatile boolean appended;

    /** Where {@link #oldestUnacknowledgedMillis()} goes on from. */
    private int oldestCursor;

    private Segment(long number, Path file, MappedByteBuffer head, MappedByteBuffer view, MappedByteBuffer[] windows,
            long salt, int recordStart, int mirror, int start) {
        this.number = number;
        this.file = file;
        this.head = head;
        this.view = view;
        this.windows = new AtomicReferenceArray<>(windows);
        this.filled = new AtomicIntegerArray(windows.length);
        this.capacity = view.capacity();
        this.salt = salt;
        this.recordStart = recordStart;
        this.bitmap = FILE_HEADER;
        this.mirror = mirror;
        this.oldestCursor = recordStart;
        this.position = new AtomicInteger(start);
        head.order(ByteOrder.BIG_ENDIAN);
        view.order(ByteOrder.BIG_ENDIAN);
        for (MappedByteBuffer window : windows) {
            window.order(ByteOrder.BIG_ENDIAN);
        }
    }

    /**
     * A random salt under which every record's first four bytes (its magic, xor the salt) are non-zero: a file cut
     * one to three bytes into a record then never ends in zeros, which would read as room never written to, with the
     * record lost and not counted (one salt in 256 did that to a cut one byte in: a test failed so).
     */
    static long salt(java.util.function.LongSupplier random) {
        while (true) {
            long salt = random.getAsLong();
            int magic = RECORD_MAGIC ^ (int) salt;
            if ((magic & 0xFF000000) != 0 && (magic & 0x00FF0000) != 0 && (magic & 0x0000FF00) != 0
                    && (magic & 0x000000FF) != 0) {
                return salt;
            }
        }
    }

    /**
     * A new segment file of {@code size} bytes, every block written through the page cache (a full
     * disk shows now, not when a record lands on a hole of a sparse file).
     */
    static Segment create(Path directory, long number, int size) throws IOException {
        Path file = directory.resolve(name(number));
        Path partial = directory.resolve(name(number) + ".new");
        long salt = salt(ThreadLocalRandom.current()::nextLong);
        Files.deleteIfExists(partial);
        JournalFiles.createFile(partial);
        try (RandomAccessFile raf = new RandomAccessFile(partial.toFile(), "rw")) {
            FileChannel channel = raf.getChannel();
            // the size first, as metadata: a power cut before the zeros are written back leaves
            // holes that read as zeros, not a file shorter than its header says
            raf.setLength(size);
            // direct: a heap buffer is copied into a temporary direct one for every write
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            try {
                for (long written = 0; written < size; written += zeros.capacity()) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, written + zeros.position());
                    }
                }
            }
            finally {
                Unmapper.unmap(zeros);
            }
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
            header.putLong(FILE_MAGIC).putInt(VERSION).putInt(size).putLong(number).putLong(salt)
                .putLong(System.currentTimeMillis()).putInt(recordStart(size)).putInt(mirrorStart(size)).putInt(~size);
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
        JournalFiles.forceDirectory(directory);
        int start = recordStart(size);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer[] windows = new MappedByteBuffer[windowCount(start, size)];
            for (int i = 0; i < windows.length; i++) {
                int from = windowStart(start, i);
                windows[i] = channel.map(FileChannel.MapMode.READ_WRITE, from, windowEnd(start, size, i) - from);
            }
            Segment segment = new Segment(number, file, channel.map(FileChannel.MapMode.READ_WRITE, 0, start),
                    channel.map(FileChannel.MapMode.READ_ONLY, 0, size), windows, salt, start, mirrorStart(size), start);
            segment.touchPages();
            return segment;
        }
    }

    /**
     * Maps every page in now, the writable ones writable: the page faults of a new mapping are
     * taken by the thread that prepares the segment, not by the callers whose records land on each
     * page first (a read maps a page read-only, and the first write into it would fault again).
     * The pages are dirty already (the zeros written through the page cache), so writing a byte of
     * each back costs no disk write.
     */
    private void touchPages() {
        for (int page = 0; page < this.recordStart; page += PAGE) {
            this.head.put(page, this.head.get(page));
        }
        // the record space is all zeros, so a zero is written without reading first: one write
        // fault per page, where a read and then a write took a read fault and a write-protect
        // fault (half the preparation's CPU)
        for (int i = 0; i < this.windows.length(); i++) {
            MappedByteBuffer window = this.windows.get(i);
            for (int page = 0; page < window.capacity(); page += PAGE) {
                window.put(page, (byte) 0);
            }
        }
        this.view.load();
    }

    /** An existing segment file; throws when its header is not a segment's. */
    static Segment open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < FILE_HEADER || size > Integer.MAX_VALUE) {
                throw new MalformedSegmentException(file + " is not a journal segment (size " + size + ")");
            }
            MappedByteBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            List<String> repairs = new ArrayList<>();
            int[] layout = SegmentHeaders.layout(view, size, hasSegmentName(file), repairs);
            if (layout == null) {
                int made = view.getInt(SIZE_FIELD);
                boolean cut = made > size && view.getInt(SIZE_CHECK_FIELD) == ~made;
                Unmapper.unmap(view);
                // a header whose size (and its check) says more than the file has: cut short before its records
                throw new MalformedSegmentException(cut ? file + " was cut short to " + size + " of the " + made + " bytes its header "
                        + "says, before its first record" : file + " is not a journal segment (no segment header)");
            }
            int start = layout[0];
            int mirror = layout[1];
            long number = numberOf(file);
            if (number < 0) {
                Unmapper.unmap(view);
                throw new MalformedSegmentException(file + " is not a journal segment (its name is not a segment number)");
            }
            long written = view.getLong(16);
            if (written != number) {
                // the name is given once, by the rename that makes the file a segment; the header's copy of it
                // is what a flipped bit damages, and a number of another segment would mix up their records
                repairs.add("its header's segment number " + written + " differs from its name: the name's is used");
            }
            long salt = view.getLong(24);
            long recovered = SegmentHeaders.recoveredSalt(view, start, salt);
            if (recovered != salt) {
                repairs.add("its header's salt was damaged: recovered from its first record");
                salt = recovered;
            }
            Segment segment = new Segment(number, file, channel.map(FileChannel.MapMode.READ_WRITE, 0, start), view,
                    new MappedByteBuffer[0], salt, start, mirror, (int) size);
            segment.sealed = true;
            segment.repairs = List.copyOf(repairs);
            int made = view.getInt(SIZE_FIELD);
            // believed only when its complement agrees and the layout it implies is the header's
            if (made > size && view.getInt(SIZE_CHECK_FIELD) == ~made && recordStart(made) == start
                    && mirrorStart(made) == mirror) {
                segment.missingBytes = (int) (made - size);
            }
            int end = view.getInt(SEALED_END_FIELD);
            if (end > start && view.getInt(SEALED_END_CHECK_FIELD) == ~end && end <= size + segment.missingBytes) {
                segment.sealedEnd = end;
            }
            return segment;
        }
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
            if (offset >= this.recordStart && offset <= this.capacity) {
                // the first reservation that does not fit, and the only one that starts within the file: every one
                // before it fitted, every one after it starts beyond, so its offset is where the records end
                this.pendingEnd = offset;
                writeEndWhenComplete();
            }
            return -1;
        }
        return offset;
    }

    /**
     * The room of a reserved record's id and payload, for the caller to fill from its position
     * ({@value SegmentFormat#ID_BYTES}: the id is in place) to its limit and hand to {@link #commit}: the window's own
     * memory, or, for a record that crosses into the next window, a buffer that {@code commit}
     * copies over. The checksum covers exactly these bytes, so {@code commit} reads them where
     * they were written, without a copy of the id.
     */
    ByteBuffer body(int offset, int payloadLength, long idHigh, long idLow) {
        int from = offset + ID_AT;
        int length = ID_BYTES + payloadLength;
        int window = window(from);
        ByteBuffer body = (from + length > windowEnd(window)) ? ByteBuffer.allocate(length)
                : this.windows.get(window).slice(from - windowStart(window), length);
        // a slice and a new heap buffer are both big-endian
        body.putLong(0, idHigh).putLong(Long.BYTES, idLow).position(ID_BYTES);
        return body;
    }

    /**
     * Seals a record the caller filled: checksum, length, magic, then the committed state; then
     * counts its bytes as written, and has each window it completes unmapped.
     */
    void commit(int offset, int payloadLength, ByteBuffer body) {
        // the caller is done with the buffer: its position is ours to move
        body.clear();
        if (!body.isDirect()) {
            copy(offset + ID_AT, body);
            body.clear();
        }
        CRC32C crc = checksumOfSalt(this.salt);
        update(crc, body);
        putInt(offset + 4, payloadLength);
        putInt(offset + 8, (int) crc.getValue());
        putInt(offset, RECORD_MAGIC ^ (int) this.salt);
        int state = offset + 12;
        ByteBuffers.putByteRelease(this.windows.get(window(state)), state - windowStart(window(state)), COMMITTED);
        if (!this.appended) {
            this.appended = true;
        }
        written(offset, recordLength(payloadLength));
    }

    /**
     * Counts {@code [offset, offset + length)} as written; unmaps each window that is then whole, at
     * once, on the writer's thread (once per {@value #WINDOW} bytes: an unmapping handed to another
     * thread came too late for the force that followed, which then paid for the window's every page).
     */
    private void written(int offset, int length) {
        int end = offset + length;
        for (int at = offset; at < end;) {
            int window = window(at);
            int windowEnd = windowEnd(window);
            int part = Math.min(end, windowEnd) - at;
            if (this.filled.addAndGet(window, part) == windowEnd - windowStart(window)) {
                unmapWindow(window);
            }
            at += part;
        }
        if (this.pendingEnd >= 0) {
            writeEndWhenComplete();
        }
    }

    /**
     * Writes {@link #pendingEnd} into the header, once, when every byte before it is written: every
     * record reserved before it committed, so zeros before it at recovery are records lost, never a
     * write the process stopped in. Called by the writer that finds the end and by each that commits
     * after; both read what the other wrote (volatile), so the last of them sees the whole. A record
     * whose writer failed is never counted, and its segment then keeps no end.
     */
    private void writeEndWhenComplete() {
        int end = this.pendingEnd;
        if (end < 0 || this.endWritten.get()) {
            return;
        }
        for (int window = 0; window < this.filled.length() && windowStart(window) < end; window++) {
            if (this.filled.get(window) < Math.min(windowEnd(window), end) - windowStart(window)) {
                return;
            }
        }
        if (this.endWritten.compareAndSet(false, true) && writeEnd(end)) {
            // forced with the segment's next round
            this.appended = true;
        }
    }

    /**
     * Writes {@code end} and its check into the file's header with a positioned write, not through the
     * mapping: a write through the mapping of a file cut short under the process faults, and in compiled
     * code the fault is raised at some later access, anywhere (seen: in the roll that followed). A file
     * cut shorter than its header, or gone, keeps no end.
     * @return whether it was written
     */
    private boolean writeEnd(int end) {
        ByteBuffer fields = ByteBuffer.allocate(2 * Integer.BYTES).putInt(end).putInt(~end).flip();
        try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.WRITE)) {
            if (channel.size() < FILE_HEADER) {
                return false;
            }
            while (fields.hasRemaining()) {
                channel.write(fields, SEALED_END_FIELD + fields.position());
            }
            return true;
        }
        catch (IOException ex) {
            // advice for recovery only: without it, zeros at the segment's end read as room, as in earlier releases
            return false;
        }
    }

    /**
     * After recovery read it, and only then (it is never written to again): where its whole records end
     * goes into its header, so that a later start reads no further, and reports what lay beyond (a torn
     * write, damage, zeros) once, not at every start, and finds records zeroed before it.
     */
    void keepEndOfWholeRecords() {
        int end = this.wholeEnd;
        if (end > this.recordStart && end != this.sealedEnd && writeEnd(end)) {
            this.sealedEnd = end;
        }
    }

    private void unmapWindow(int window) {
        MappedByteBuffer mapping = this.windows.getAndSet(window, null);
        if (mapping != null) {
            Unmapper.unmap(mapping);
        }
    }

    /** The window that holds the byte at {@code offset} of the record space. */
    private int window(int offset) {
        return (offset - (this.recordStart & -WINDOW)) / WINDOW;
    }

    private int windowStart(int window) {
        return windowStart(this.recordStart, window);
    }

    private int windowEnd(int window) {
        return windowEnd(this.recordStart, this.capacity, window);
    }

    /** Where window {@code window} begins: where the records do for the first, a multiple of {@link #WINDOW} after. */
    static int windowStart(int recordStart, int window) {
        return Math.max(recordStart, (recordStart & -WINDOW) + window * WINDOW);
    }

    /** Where window {@code window} ends: the next multiple of {@link #WINDOW}, or the end of the file. */
    static int windowEnd(int recordStart, int size, int window) {
        return (int) Math.min(size, (long) (recordStart & -WINDOW) + (long) (window + 1) * WINDOW);
    }

    /** How many windows cover the record space {@code [recordStart, size)}. */
    static int windowCount(int recordStart, int size) {
        return (size <= recordStart) ? 0 : (size - 1 - (recordStart & -WINDOW)) / WINDOW + 1;
    }

    private void putInt(int offset, int value) {
        int window = window(offset);
        this.windows.get(window).putInt(offset - windowStart(window), value);
    }

    private void putLong(int offset, long value) {
        int window = window(offset);
        this.windows.get(window).putLong(offset - windowStart(window), value);
    }

    /** Copies {@code source} to {@code offset} on, across as many windows as it spans. */
    private void copy(int offset, ByteBuffer source) {
        int at = offset;
        while (source.hasRemaining()) {
            int window = window(at);
            int part = Math.min(source.remaining(), windowEnd(window) - at);
            this.windows.get(window).put(at - windowStart(window), source, source.position(), part);
            source.position(source.position() + part);
            at += part;
        }
    }

    /** Sets the record's bit in the bitmap and in its mirror. */
    void acknowledge(int offset) {
        int unit = (offset - this.recordStart) >>> 3;
        int word = (unit >>> 6) << 3;
        long bit = 1L << (unit & 63);
        LONGS.getAndBitwiseOrRelease(this.head, this.bitmap + word, bit);
        if (this.mirror >= 0) {
            LONGS.getAndBitwiseOrRelease(this.head, this.mirror + word, bit);
        }
    }

    /** Whether the bitmap and its mirror both say the record is acknowledged. */
    boolean isAcknowledged(int offset) {
        int unit = (offset - this.recordStart) >>> 3;
        int word = (unit >>> 6) << 3;
        long bit = 1L << (unit & 63);
        return ((long) LONGS.getAcquire(this.head, this.bitmap + word) & bit) != 0
                && (this.mirror < 0 || ((long) LONGS.getAcquire(this.head, this.mirror + word) & bit) != 0);
    }

    ByteBuffer read(int offset) {
        return this.view.slice(offset + RECORD_HEADER, this.view.getInt(offset + 4));
    }

    /** The record's id as it is stored: 16 bytes, its high and then low 64 bits, big-endian. */
    byte[] idBytes(int offset) {
        byte[] id = new byte[ID_BYTES];
        this.view.get(offset + ID_AT, id);
        return id;
    }

    long idHigh(int offset) {
        return this.view.getLong(offset + ID_AT);
    }

    long idLow(int offset) {
        return this.view.getLong(offset + ID_AT + Long.BYTES);
    }

    /**
     * When the oldest record not yet acknowledged was written, from its id; 0 when there is none.
     * Walks forward from where the last call stopped: acknowledged records stay acknowledged. Reads no further than
     * the file's size now: a file cut short under the process (before the journal's check, once a second, gives the
     * segment up) would fault a read of the part that is gone, in whatever compiled code touches memory next.
     */
    synchronized long oldestUnacknowledgedMillis() {
        long size;
        try {
            size = Files.size(this.file);
        }
        catch (IOException ex) {
            return 0;
        }
        int end = (int) Math.min(size, Math.min(this.capacity, this.position.get()));
        int offset = this.oldestCursor;
        while (offset <= end - RECORD_HEADER && !this.deleted.get()) {
            if ((this.view.getInt(offset) ^ (int) this.salt) != RECORD_MAGIC) {
                return 0;
            }
            if (!isAcknowledged(offset)) {
                this.oldestCursor = offset;
                return (this.view.get(offset + 12) == COMMITTED) ? this.view.getLong(offset + ID_AT) >>> 16 : 0;
            }
            offset += recordLength(this.view.getInt(offset + 4));
        }
        this.oldestCursor = offset;
        return 0;
    }

    /**
     * Writes what is in the page cache to the disk, up to where writers have reserved, when records
     * were committed since the last time. Acknowledgements alone do not call for a force: the
     * kernel writes them back in its own time, and one lost to a power cut only makes its record
     * come again.
     * @return whether there was something to force
     */
    synchronized boolean force() {
        if (!this.deleted.get() && this.appended) {
            this.appended = false;
            try {
                this.view.force(0, Math.min(this.capacity, Math.max(FILE_HEADER, this.position.get())));
                return true;
            }
            catch (RuntimeException | Error ex) {
                // forced again next round
                this.appended = true;
                throw ex;
            }
        }
        return false;
    }

    /**
     * Unmaps and deletes the file, once; only when no record of it will be read or acknowledged
     * again.
     */
    synchronized boolean delete() throws IOException {
        if (!this.deleted.compareAndSet(false, true)) {
            return false;
        }
        for (int i = 0; i < this.windows.length(); i++) {
            unmapWindow(i);
        }
        Unmapper.unmap(this.head);
        Unmapper.unmap(this.view);
        Files.deleteIfExists(this.file);
        return true;
    }

    /** Unmaps the file and moves it to {@code target}, once; only when no record of it will be read or acknowledged. */
    synchronized void moveTo(Path target) throws IOException {
        if (!this.deleted.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < this.windows.length(); i++) {
            unmapWindow(i);
        }
        Unmapper.unmap(this.head);
        Unmapper.unmap(this.view);
        Files.move(this.file, target);
    }

    /**
     * Forces the mapping to the disk without deleting or unmapping it: the journal closes. The
     * mapping stays valid until it is garbage, so a producer callback that acknowledges a record
     * after close writes into the file instead of into unmapped memory.
     */
    synchronized void close() {
        if (!this.deleted.get()) {
            this.view.force();
        }
    }

    /**
     * Whether nothing was ever written to its records' room: the first record's header is all zeros,
     * and its header does not say records were sealed in it.
     */
    boolean neverWritten() {
        return this.sealedEnd < 0 && this.recordStart + RECORD_HEADER <= this.capacity
                && isZero(this.view, this.recordStart, this.recordStart + RECORD_HEADER);
    }

    /**
     * Walks the records, for recovery: each committed record to {@code committed}, each torn or
     * corrupt one to {@code corrupt} with its position; an acknowledged one is skipped.
     * @param lastWritten whether this is one of the segments written last, where a process that
     * stopped leaves its torn writes; in an older one the same bytes are damage (a zeroed block
     * looks like a write never committed)
     * @return whether the segment held damage that is not a torn last write and not one record of it
     * could be read: it may hold accepted records that cannot be told apart, so its file is kept
     */
    boolean scan(RecordVisitor committed, CorruptVisitor corrupt, boolean lastWritten) {
        int offset = this.recordStart;
        // no record lies beyond the end its header says; what a start before found there it reported
        int limit = (this.sealedEnd > 0) ? Math.min(this.capacity, this.sealedEnd) : this.capacity;
        int whole = 0;
        this.wholeEnd = offset;
        boolean damaged = false;
        int zerosFrom = limit;
        while (offset <= limit - RECORD_HEADER) {
            int magic = this.view.getInt(offset) ^ (int) this.salt;
            if (magic != RECORD_MAGIC) {
                int next = nextRecord(offset + 8, limit);
                // a write the process died in has no magic and no committed state yet (commit puts both
                // last): it was never accepted. A committed state without its magic is a record that
                // cannot be read
                int length = this.view.getInt(offset + 4);
                boolean torn = lastWritten && (this.view.get(offset + 12) != COMMITTED
                        || length < 0 || length > limit - offset - RECORD_HEADER);
                if (next < 0) {
                    this.endsInZeros = isZero(this.view, offset, limit);
                    zerosFrom = offset;
                    if (!this.endsInZeros) {
                        corrupt.at(this, offset, torn, torn ? TORN + ", the last one written"
                                : "no record at this position, and none after it");
                        damaged |= !torn;
                    }
                    break;
                }
                corrupt.at(this, offset, torn, (torn ? TORN : "no record at this position") + "; the next one starts at "
                        + next);
                damaged |= !torn;
                offset = next;
                continue;
            }
            int payloadLength = this.view.getInt(offset + 4);
            byte state = this.view.get(offset + 12);
            boolean sane = payloadLength >= 0 && payloadLength <= limit - offset - RECORD_HEADER;
            boolean known = state == COMMITTED;
            if (!sane || !known || this.view.getInt(offset + 8) != checksum(offset, payloadLength)) {
                boolean torn = lastWritten && sane && state == WRITING;
                corrupt.at(this, offset, torn, !sane ? "its length is out of the segment"
                        : torn ? TORN : !known ? "its state byte is not a state" : "its checksum does not match");
                damaged |= !torn;
                int next = nextRecord(offset + 8, limit);
                if (next < 0) {
                    break;
                }
                offset = next;
                continue;
            }
            whole++;
            if (state == COMMITTED && !isAcknowledged(offset)) {
                committed.record(this, offset);
            }
            offset += recordLength(payloadLength);
            this.wholeEnd = offset;
        }
        if (offset < limit && offset > limit - RECORD_HEADER) {
            this.endsInZeros = isZero(this.view, offset, limit);
            zerosFrom = offset;
            if (!this.endsInZeros) {
                // fewer bytes left than a record's header, and not the zeros a segment is made with:
                // the file was cut inside a record (a segment's file is made at its full size)
                corrupt.at(this, offset, false, "the file ends " + (limit - offset) + " bytes into a record (truncated)");
                damaged = true;
            }
        }
        if (this.endsInZeros && zerosFrom < this.sealedEnd) {
            // zeros where the header says committed records were: neither room never written to nor a write the
            // process stopped in. Nothing in them can be read, so the file is not kept for them
            this.zeroedRecords = true;
            corrupt.at(this, zerosFrom, false, "zeros up to position " + this.sealedEnd + ", where its header says its "
                    + "records end: the records written there were zeroed (a power cut before they reached the disk, "
                    + "the disk, the filesystem or a tool) and are lost");
        }
        return damaged && whole == 0;
    }

    /** The next whole record from {@code from} on that ends by {@code limit}, or -1. */
    private int nextRecord(int from, int limit) {
        for (int offset = (from + 7) & ~7; offset <= limit - RECORD_HEADER; offset += 8) {
            if ((this.view.getInt(offset) ^ (int) this.salt) == RECORD_MAGIC) {
                int payloadLength = this.view.getInt(offset + 4);
                if (payloadLength >= 0 && payloadLength <= limit - offset - RECORD_HEADER
                        && this.view.getInt(offset + 8) == checksum(offset, payloadLength)) {
                    return offset;
                }
            }
        }
        return -1;
    }

    /** The checksum of the record written at {@code offset}, as read back. */
    private int checksum(int offset, int payloadLength) {
        CRC32C crc = checksumOfSalt(this.salt);
        update(crc, this.view.slice(offset + ID_AT, ID_BYTES + payloadLength));
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

        /**
         * @param torn whether it is a write the process stopped in, before the record was
         * committed (so never accepted: what a crash under load leaves), rather than damage
         * @param why what was found, for the log
         */
        void at(Segment segment, int offset, boolean torn, String why);

    }

}
