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

/**
 * One journal file, mapped into memory: a 64-byte file header, the acknowledgement bitmap and its
 * mirror, then records from the next page boundary on, each 8-byte aligned. Writers reserve space with one
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
 * between them, and a torn tail leaves it whole. The bitmap is not checksummed (every acknowledgement
 * would rewrite its sum): it is kept twice, and a record counts as acknowledged only when both copies
 * say so, so a flipped byte in either hands records back once more (a duplicate the id header tells
 * apart) and never drops one; with one copy (version 2, still read) such a flip dropped the record
 * silently. (Version 1 of the format, never released, marked acknowledgements in the state byte;
 * its files are moved aside as unreadable. A header whose magic, version or positions took damage is
 * read in the layout its content shows, or the file is moved aside: see {@link #layout}.)
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

    static final int FILE_HEADER = 64;

    /** The highest segment number: a record's reference keeps it in its upper 32 bits, as a positive long. */
    static final long MAX_NUMBER = Integer.MAX_VALUE;

    /** Words in which a bitmap and its mirror may differ and still be taken as one file's two copies. */
    private static final int MIRROR_DIFFERENCES = 8;

    /** How many of a segment's first records may offer their salt when its header's is damaged. */
    private static final int SALT_CANDIDATES = 8;

    /** Where a version-2 or -3 header keeps the offset of the first record. */
    static final int RECORD_START_FIELD = 40;

    /** Where a version-3 header keeps the offset of the bitmap's mirror. */
    static final int MIRROR_FIELD = 44;

    /** Where a header keeps the size the file was made with (0 in files made before it did). */
    static final int SIZE_FIELD = 12;

    /** Where a header keeps the size's complement: the size is believed only when both agree. */
    static final int SIZE_CHECK_FIELD = 48;

    private static final int PAGE = 4096;

    /**
     * Writable windows end at multiples of this many bytes of the file: a power of two, and a
     * multiple of the size of the kernel's large pages (2 MB on x86-64 and arm64 with 4 KB pages).
     */
    static final int WINDOW = 2 << 20;

    static final int RECORD_HEADER = 32;

    /** Where a record's id begins, from the record's start; its payload follows it. */
    private static final int ID_AT = 16;

    private static final int ID_BYTES = 16;

    static final byte WRITING = 0;

    static final byte COMMITTED = 1;

    /** What a torn write is, for the log: {@link #scan} finds one where a process stopped while writing. */
    private static final String TORN = "a record the process was writing when it stopped (torn: never committed,"
            + " so never accepted)";


    private static final long FILE_MAGIC = 0x4B504A5345473031L;

    private static final int RECORD_MAGIC = 0x4B504A31;

    /** Version 3 keeps the bitmap twice; version 2 (one bitmap) is still read. */
    private static final int VERSION = 3;

    private static final int SINGLE_BITMAP_VERSION = 2;

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

    /** Whether {@link #scan} found only zeros after the last record: room never written to. */
    boolean endsInZeros;

    /** Out of the journal's live segments: no record of it is looked up any more. */
    volatile boolean retired;

    /** A thread's buffer for checksumming mapped bytes: see {@link #update(CRC32C, ByteBuffer)}. */
    private static final ThreadLocal<byte[]> CHECKSUM_CHUNK = ThreadLocal.withInitial(() -> new byte[8192]);

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
     * Where the records of a segment file of {@code size} bytes begin: after the header, a bitmap of size / 64 bytes
     * and its mirror.
     */
    static int recordStart(int size) {
        return pageAligned(mirrorStart(size) + bitmapBytes(size));
    }

    private static int bitmapBytes(int size) {
        return ((size / 64) + 7) & ~7;
    }

    private static int mirrorStart(int size) {
        return FILE_HEADER + bitmapBytes(size);
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
                throw new IOException(file + " is not a journal segment (size " + size + ")");
            }
            MappedByteBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            List<String> repairs = new ArrayList<>();
            int[] layout = layout(view, size, hasSegmentName(file), repairs);
            if (layout == null) {
                Unmapper.unmap(view);
                throw new IOException(file + " is not a journal segment (no segment header)");
            }
            int start = layout[0];
            int mirror = layout[1];
            long number = numberOf(file);
            if (number < 0) {
                Unmapper.unmap(view);
                throw new IOException(file + " is not a journal segment (its name is not a segment number)");
            }
            long written = view.getLong(16);
            if (written != number) {
                // the name is given once, by the rename that makes the file a segment; the header's copy of it
                // is what a flipped bit damages, and a number of another segment would mix up their records
                repairs.add("its header's segment number " + written + " differs from its name: the name's is used");
            }
            long salt = view.getLong(24);
            long recovered = recoveredSalt(view, start, salt);
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
            return segment;
        }
    }

    /**
     * The record start and mirror ({@code -1}: version 2, one bitmap) to read a file with, or
     * {@code null} when it cannot be told: then the file is moved aside and kept, never read wrongly.
     * A whole header is read as it says: version 3 when its positions are those of the size it was
     * made with (or, in files made before headers kept it, follow from each other and from the
     * file's size), version 2 (the previous release's: no mirror, its field zero) when its record
     * start is the one a file of this size is made with, or at most a page later (a cut file).
     * Otherwise a field took damage, and the file's content decides, for the layouts a file of its
     * size (or of its recorded size) has in each version. Where both versions put the first record
     * at the same place (small files), version 3, where a whole record lies there: version 2's
     * padding is version 3's mirror, so a version-2 file hands acknowledged records back once more
     * and never drops one. Elsewhere version 2's first record lies inside version 3's mirror:
     * version 2 where a whole record lies at its start with zeros before it, version 3 where a
     * whole record lies at its start and the mirror agrees with the bitmap. A whole magic beside a
     * version no flipped bit explains is another format (a later release's): moved aside.
     */
    private static int[] layout(MappedByteBuffer view, long size, boolean segmentName, List<String> repairs) {
        boolean magic = view.getLong(0) == FILE_MAGIC;
        int version = view.getInt(8);
        int start = view.getInt(RECORD_START_FIELD);
        int mirror = view.getInt(MIRROR_FIELD);
        int made = view.getInt(SIZE_FIELD);
        boolean madeKnown = made >= size && view.getInt(SIZE_CHECK_FIELD) == ~made;
        if (magic && version == VERSION && bitmapsCover(VERSION, start, mirror, size)
                && (madeKnown ? start == recordStart(made) && mirror == mirrorStart(made)
                        // made before headers kept their size: as laid out, a file cut by less than a page's bitmap at most
                        : mirror > FILE_HEADER && (long) mirror * 2 - FILE_HEADER <= Integer.MAX_VALUE
                                && start == pageAligned(2 * mirror - FILE_HEADER)
                                && isShortlyAfter(start, recordStart((int) size)))) {
            return new int[] { start, mirror };
        }
        if (magic && version == SINGLE_BITMAP_VERSION && mirror == 0 && start % PAGE == 0
                && isShortlyAfter(start, previousRecordStart((int) size))
                && bitmapsCover(SINGLE_BITMAP_VERSION, start, -1, size)) {
            // version 2 kept no size: a file cut by up to a page's worth of bitmap keeps its start
            return new int[] { start, -1 };
        }
        if (!segmentName || (magic && Integer.bitCount(version ^ VERSION) != 1
                && Integer.bitCount(version ^ SINGLE_BITMAP_VERSION) != 1)) {
            return null;
        }
        int[] sizes = (madeKnown && made > size) ? new int[] { made, (int) size } : new int[] { (int) size };
        long salt = view.getLong(24);
        for (int layoutSize : sizes) {
            int current = recordStart(layoutSize);
            int currentMirror = mirrorStart(layoutSize);
            int previous = previousRecordStart(layoutSize);
            if (previous == current) {
                // both versions put the first record there (small files), and version 2's padding lies where
                // version 3 keeps the mirror: read as version 3, a version-2 file hands its acknowledged
                // records back once more (the mirror reads zero), never drops one
                if (bitmapsCover(VERSION, current, currentMirror, size) && startsWithARecord(view, current, salt)) {
                    repairs.add(repaired(VERSION, "its first record"));
                    return new int[] { current, currentMirror };
                }
                continue;
            }
            // version 2's first record lies inside version 3's mirror: a whole record there is version 2's
            if (bitmapsCover(SINGLE_BITMAP_VERSION, previous, -1, size) && startsWithARecord(view, previous, salt)
                    && isZero(view, FILE_HEADER + bitmapBytes(layoutSize), previous)) {
                repairs.add(repaired(SINGLE_BITMAP_VERSION, "its first record and the zeros before it"));
                return new int[] { previous, -1 };
            }
            if (bitmapsCover(VERSION, current, currentMirror, size) && startsWithARecord(view, current, salt)
                    && mirrorAgrees(view, layoutSize, previous)) {
                repairs.add(repaired(VERSION, "its first record and its two bitmaps"));
                return new int[] { current, currentMirror };
            }
        }
        return null;
    }

    private static String repaired(int version, String confirmation) {
        return "its header was damaged (file magic, version or record positions): read as a segment of version "
                + version + ((version == SINGLE_BITMAP_VERSION) ? " (the previous release's)" : "") + ", as "
                + confirmation + " confirm";
    }

    /** Whether {@code start} lies at {@code expected} or at most a page after it. */
    private static boolean isShortlyAfter(int start, int expected) {
        return start >= expected && start - expected <= PAGE;
    }

    /**
     * Whether the mirror of a version-3 layout for {@code layoutSize} agrees with the bitmap: equal
     * but for a few words (an acknowledgement between its two writes, a page written back before the
     * other, a flipped bit: a record counts as acknowledged only when both say so), and equal exactly
     * where version 2's first record would lie ({@code previous}), whose magic and length a version-2
     * file has there.
     */
    private static boolean mirrorAgrees(MappedByteBuffer view, int layoutSize, int previous) {
        int bytes = bitmapBytes(layoutSize);
        int mirror = mirrorStart(layoutSize);
        int differing = 0;
        for (int offset = 0; offset + Long.BYTES <= bytes; offset += Long.BYTES) {
            if (view.getLong(FILE_HEADER + offset) != view.getLong(mirror + offset)) {
                boolean atPrevious = mirror + offset + Long.BYTES > previous && mirror + offset < previous + 16;
                if (atPrevious || ++differing > MIRROR_DIFFERENCES) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a whole record lies exactly at {@code start}, with {@code salt} or one recovered from the first records. */
    private static boolean startsWithARecord(MappedByteBuffer view, int start, long salt) {
        return verifies(view, start, recoveredSalt(view, start, salt));
    }

    /** Where version 2 (the previous release) put the first record of a file of {@code size} bytes. */
    private static int previousRecordStart(int size) {
        return pageAligned(FILE_HEADER + bitmapBytes(size));
    }

    private static int pageAligned(long offset) {
        return (int) ((offset + PAGE - 1) & ~(PAGE - 1));
    }

    /** Whether {@code file} is named as the journal names its segments ({@link #name}), whatever the number. */
    static boolean hasSegmentName(Path file) {
        return file.getFileName().toString().matches("[0-9]{16}\\.journal");
    }

    /**
     * Whether records from {@code start} and the bitmaps the header places (one at the head, and in
     * the current version its mirror at {@code mirror}) fit a file of {@code size} bytes, each bitmap
     * with a bit for every record the file can hold. A torn tail shortens the file, never the
     * bitmaps: they still cover every record.
     */
    private static boolean bitmapsCover(int version, int start, int mirror, long size) {
        long bitmapNeeds = (size - start) / 64;
        return start >= FILE_HEADER && start <= size && (start & 7) == 0
                && ((version == SINGLE_BITMAP_VERSION) ? bitmapNeeds <= start - FILE_HEADER
                        : (mirror & 7) == 0 && mirror >= FILE_HEADER + bitmapNeeds && mirror + bitmapNeeds <= start);
    }

    /** The segment number of {@code file}'s name ({@link #name}), or -1 when it is none a reference can hold. */
    static long numberOf(Path file) {
        String name = file.getFileName().toString();
        if (!hasSegmentName(file)) {
            return -1;
        }
        long number = Long.parseLong(name.substring(0, 16));
        // a record's reference keeps the number in its upper 32 bits
        return (number >= 1 && number <= MAX_NUMBER) ? number : -1;
    }

    /**
     * The salt the records were written with, when {@code salt} (the header's) verifies none of
     * them: a damaged header. Each of the first records, found by their lengths (which the salt
     * does not touch), offers one: its magic gives the salt's low half, and the checksum, which also
     * covers its top byte, is tried with each of the 256 values of that byte. A salt is taken only
     * if it verifies the record after that one too, or nothing but zeros follows: a record whose
     * own magic is damaged offers a wrong low half that may still pass its own checksum. Otherwise
     * {@code salt} itself.
     */
    private static long recoveredSalt(MappedByteBuffer view, int start, long salt) {
        int end = view.capacity() - RECORD_HEADER;
        if (start > end || verifies(view, start, salt) || (view.getLong(start) == 0 && view.getLong(start + 8) == 0)) {
            // the first record is whole, or there is none (a segment never written to)
            return salt;
        }
        for (int offset = start + 8; offset <= end; offset += 8) {
            if (verifies(view, offset, salt)) {
                // the header is whole: the records before this one are damaged themselves
                return salt;
            }
        }
        int offset = start;
        for (int tried = 0; tried < SALT_CANDIDATES && offset <= end; tried++) {
            int payloadLength = view.getInt(offset + 4);
            if (payloadLength < 0 || payloadLength > view.capacity() - offset - RECORD_HEADER) {
                break;
            }
            int next = offset + recordLength(payloadLength);
            long low = (view.getInt(offset) ^ RECORD_MAGIC) & 0xFFFFFFFFL;
            for (int top = 0; top < 256; top++) {
                long candidate = ((long) top << 56) | (salt & 0x00FFFFFF00000000L) | low;
                if (verifies(view, offset, candidate)
                        && ((next <= end && verifies(view, next, candidate)) || isZero(view, next, view.capacity()))) {
                    return candidate;
                }
            }
            offset = next;
        }
        return salt;
    }

    /** Whether nothing but zeros is in {@code view} from {@code from} up to {@code to}: eight bytes at a time, then one. */
    static boolean isZero(ByteBuffer view, int from, int to) {
        int offset = from;
        for (; offset + Long.BYTES <= to; offset += Long.BYTES) {
            if (view.getLong(offset) != 0) {
                return false;
            }
        }
        for (; offset < to; offset++) {
            if (view.get(offset) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a whole committed record written with {@code salt} is at {@code offset}. */
    private static boolean verifies(MappedByteBuffer view, int offset, long salt) {
        if (offset < 0 || offset > view.capacity() - RECORD_HEADER) {
            // no room for a record there: a file cut shorter than its record space's start
            return false;
        }
        if ((view.getInt(offset) ^ (int) salt) != RECORD_MAGIC || view.get(offset + 12) != COMMITTED) {
            return false;
        }
        int payloadLength = view.getInt(offset + 4);
        if (payloadLength < 0 || payloadLength > view.capacity() - offset - RECORD_HEADER) {
            return false;
        }
        CRC32C crc = checksumOfSalt(salt);
        update(crc, view.slice(offset + ID_AT, ID_BYTES + payloadLength));
        return view.getInt(offset + 8) == (int) crc.getValue();
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

    /**
     * The room of a reserved record's id and payload, for the caller to fill from its position
     * ({@value #ID_BYTES}: the id is in place) to its limit and hand to {@link #commit}: the window's own
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
     * Walks forward from where the last call stopped: acknowledged records stay acknowledged.
     */
    synchronized long oldestUnacknowledgedMillis() {
        int end = Math.min(this.capacity, this.position.get());
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
     */
    synchronized void force() {
        if (!this.deleted.get() && this.appended) {
            this.appended = false;
            try {
                this.view.force(0, Math.min(this.capacity, Math.max(FILE_HEADER, this.position.get())));
            }
            catch (RuntimeException | Error ex) {
                // forced again next round
                this.appended = true;
                throw ex;
            }
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

    /** Whether nothing was ever written to its records' room: the first record's header is all zeros. */
    boolean neverWritten() {
        return this.recordStart + RECORD_HEADER <= this.capacity && isZero(this.view, this.recordStart,
                this.recordStart + RECORD_HEADER);
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
        int limit = this.capacity;
        int whole = 0;
        boolean damaged = false;
        while (offset <= limit - RECORD_HEADER) {
            int magic = this.view.getInt(offset) ^ (int) this.salt;
            if (magic != RECORD_MAGIC) {
                int next = nextRecord(offset + 8);
                // a write the process died in has no magic and no committed state yet (commit puts both
                // last): it was never accepted. A committed state without its magic is a record that
                // cannot be read
                int length = this.view.getInt(offset + 4);
                boolean torn = lastWritten && (this.view.get(offset + 12) != COMMITTED
                        || length < 0 || length > limit - offset - RECORD_HEADER);
                if (next < 0) {
                    this.endsInZeros = isZero(this.view, offset, limit);
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
                int next = nextRecord(offset + 8);
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
        }
        if (offset < limit && offset > limit - RECORD_HEADER) {
            this.endsInZeros = isZero(this.view, offset, limit);
            if (!this.endsInZeros) {
                // fewer bytes left than a record's header, and not the zeros a segment is made with:
                // the file was cut inside a record (a segment's file is made at its full size)
                corrupt.at(this, offset, false, "the file ends " + (limit - offset) + " bytes into a record (truncated)");
                damaged = true;
            }
        }
        return damaged && whole == 0;
    }

    private int nextRecord(int from) {
        for (int offset = (from + 7) & ~7; offset <= this.capacity - RECORD_HEADER; offset += 8) {
            if ((this.view.getInt(offset) ^ (int) this.salt) == RECORD_MAGIC) {
                int payloadLength = this.view.getInt(offset + 4);
                if (payloadLength >= 0 && payloadLength <= this.capacity - offset - RECORD_HEADER
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

    /**
     * Checksums {@code bytes} from its position to its limit, leaving both as they were. Mapped bytes
     * are copied into a small buffer of the thread's first: when the file was cut short under its
     * mapping (someone truncated it), reading a lost page raises {@code SIGBUS}, which the JVM turns
     * into an {@link InternalError} in a copy but not in the checksum's native code, where it ends the
     * process (seen: {@code StubRoutines::updateBytesCRC32C}).
     */
    private static void update(CRC32C crc, ByteBuffer bytes) {
        if (!bytes.isDirect()) {
            crc.update(bytes.duplicate());
            return;
        }
        byte[] chunk = CHECKSUM_CHUNK.get();
        int end = bytes.limit();
        for (int at = bytes.position(); at < end;) {
            int length = Math.min(chunk.length, end - at);
            bytes.get(at, chunk, 0, length);
            crc.update(chunk, 0, length);
            at += length;
        }
    }

    /** A checksum seeded with the segment's salt: a record's checksum goes on with its id and payload. */
    private static CRC32C checksumOfSalt(long salt) {
        CRC32C crc = new CRC32C();
        crc.update((int) (salt >>> 56));
        crc.update((int) salt);
        return crc;
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
