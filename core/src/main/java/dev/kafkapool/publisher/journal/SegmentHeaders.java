package dev.kafkapool.publisher.journal;

import java.nio.MappedByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.kafkapool.publisher.journal.SegmentFormat.*;

/**
 * Reads the layout of an existing segment file from its header, and where a field of the header took damage,
 * from the file's content: the record start and mirror to read it with, and the salt its records were written
 * with. A file whose layout cannot be told is moved aside by the journal, never read wrongly.
 */
final class SegmentHeaders {

    /** Words in which a bitmap and its mirror may differ and still be taken as one file's two copies. */
    private static final int MIRROR_DIFFERENCES = 8;

    /** How many of a segment's first records may offer their salt when its header's is damaged. */
    private static final int SALT_CANDIDATES = 8;

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
    static int[] layout(MappedByteBuffer view, long size, boolean segmentName, List<String> repairs) {
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

    /**
     * The salt the records were written with, when {@code salt} (the header's) verifies none of
     * them: a damaged header. Each of the first records, found by their lengths (which the salt
     * does not touch), offers one: its magic gives the salt's low half, and the checksum, which also
     * covers its top byte, is tried with each of the 256 values of that byte. A salt is taken only
     * if it verifies the record after that one too, or nothing but zeros follows: a record whose
     * own magic is damaged offers a wrong low half that may still pass its own checksum. Otherwise
     * {@code salt} itself.
     */
    static long recoveredSalt(MappedByteBuffer view, int start, long salt) {
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

    private SegmentHeaders() {
    }

}
