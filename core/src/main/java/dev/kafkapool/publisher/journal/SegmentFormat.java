package dev.kafkapool.publisher.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The format of a segment file, apart from any one file: where the header keeps each field, where the
 * bitmaps and the records of a file of a given size begin, how long a record is, how a segment is named,
 * and the checksum its records carry. {@link Segment} writes and reads files in it; {@link SegmentHeaders}
 * reads a header that took damage.
 */
final class SegmentFormat {

    static final int FILE_HEADER = 64;

    /** The highest segment number: a record's reference keeps it in its upper 32 bits, as a positive long. */
    static final long MAX_NUMBER = Integer.MAX_VALUE;

    /** Where a version-2 or -3 header keeps the offset of the first record. */
    static final int RECORD_START_FIELD = 40;

    /** Where a version-3 header keeps the offset of the bitmap's mirror. */
    static final int MIRROR_FIELD = 44;

    /** Where a header keeps the size the file was made with (0 in files made before it did). */
    static final int SIZE_FIELD = 12;

    /** Where a header keeps the size's complement: the size is believed only when both agree. */
    static final int SIZE_CHECK_FIELD = 48;

    /**
     * Where a header keeps the end of the segment's records, written when a record no longer fits
     * and the journal moves on to the next segment (0 in a segment still written to, and in files
     * made before headers kept it): zeros found before it are records lost, not room never written.
     */
    static final int SEALED_END_FIELD = 52;

    /** Where a header keeps the sealed end's complement: the end is believed only when both agree. */
    static final int SEALED_END_CHECK_FIELD = 56;

    static final int PAGE = 4096;

    static final int RECORD_HEADER = 32;

    /** Where a record's id begins, from the record's start; its payload follows it. */
    static final int ID_AT = 16;

    static final int ID_BYTES = 16;

    static final byte WRITING = 0;

    static final byte COMMITTED = 1;

    static final long FILE_MAGIC = 0x4B504A5345473031L;

    static final int RECORD_MAGIC = 0x4B504A31;

    /** Version 3 keeps the bitmap twice; version 2 (one bitmap) is still read. */
    static final int VERSION = 3;

    static final int SINGLE_BITMAP_VERSION = 2;

    /** A thread's buffer for checksumming mapped bytes: see {@link #update(CRC32C, ByteBuffer)}. */
    private static final ThreadLocal<byte[]> CHECKSUM_CHUNK = ThreadLocal.withInitial(() -> new byte[8192]);

    /**
     * Where the records of a segment file of {@code size} bytes begin: after the header, a bitmap of size / 64 bytes
     * and its mirror.
     */
    static int recordStart(int size) {
        return pageAligned(mirrorStart(size) + bitmapBytes(size));
    }

    static int bitmapBytes(int size) {
        return ((size / 64) + 7) & ~7;
    }

    static int mirrorStart(int size) {
        return FILE_HEADER + bitmapBytes(size);
    }

    /** The room for records in a segment file of {@code size} bytes. */
    static int recordRoom(int size) {
        return size - recordStart(size);
    }

    /** Where version 2 (the previous release) put the first record of a file of {@code size} bytes. */
    static int previousRecordStart(int size) {
        return pageAligned(FILE_HEADER + bitmapBytes(size));
    }

    static int pageAligned(long offset) {
        return (int) ((offset + PAGE - 1) & ~(PAGE - 1));
    }

    /** Whether {@code file} is named as the journal names its segments ({@link #name}), whatever the number. */
    static boolean hasSegmentName(Path file) {
        return file.getFileName().toString().matches("[0-9]{16}\\.journal");
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

    static String name(long number) {
        return String.format("%016d.journal", number);
    }

    static int recordLength(int payloadLength) {
        return (RECORD_HEADER + payloadLength + 7) & ~7;
    }

    /**
     * Checksums {@code bytes} from its position to its limit, leaving both as they were. Mapped bytes
     * are copied into a small buffer of the thread's first: when the file was cut short under its
     * mapping (someone truncated it), reading a lost page raises {@code SIGBUS}, which the JVM turns
     * into an {@link InternalError} in a copy but not in the checksum's native code, where it ends the
     * process (seen: {@code StubRoutines::updateBytesCRC32C}).
     */
    static void update(CRC32C crc, ByteBuffer bytes) {
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
    static CRC32C checksumOfSalt(long salt) {
        CRC32C crc = new CRC32C();
        crc.update((int) (salt >>> 56));
        crc.update((int) salt);
        return crc;
    }

    private SegmentFormat() {
    }

}
