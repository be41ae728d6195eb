package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only journal of records on the local disk: what lets a pool promise that an
 * accepted record survives the death of its process. Records are appended into memory-mapped
 * segment files (so an append is a copy into the page cache, without a system call), each with a
 * checksum and an id; a record is acknowledged when the broker has it, and a segment file is
 * deleted once every record in it is. At open, the records not acknowledged are handed back for
 * delivery ({@link #replay}), in the order they were written; torn and corrupt ones are skipped,
 * counted and logged.
 *
 * <p>The pool's internals: public only because the pool's package calls it; an application
 * configures the journal through {@link JournalSettings} and reads {@link JournalStats}.
 *
 * <p>A reference ({@code long}) names a record: segment number and offset. It is valid until the
 * record is acknowledged.
 */
public final class Journal implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Journal.class);

    private static final long CREATION_FAILURE_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** When a segment that could not be made was last logged ({@link System#nanoTime()}), 0: never; guarded by {@link #rolling}. */
    private long creationFailureLogged;

    /**
     * Why the last segment could not be made (its directory not writable, read-only, the disk full), or {@code null}
     * since one was: while set, every append that needs a new segment is refused.
     */
    private volatile String creationFailure;

    /** When {@link #stats()} last tried to make a segment after {@link #creationFailure} ({@link System#nanoTime()}). */
    private volatile long creationRetried;

    /** How often {@link #stats()} (health checks, metric scrapes) tries again to make a segment that could not be made. */
    private static final long CREATION_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What a segment found at open counts as before replay: never zero, so never deleted. */
    private static final int NOT_COUNTED = Integer.MAX_VALUE / 2;

    /** How often the lock file is checked ({@link DirectoryLock#keep()}). */
    static final long LOCK_CHECK_MILLIS = 1000;

    /** The longest a roll at the disk bound waits for segments being deleted. */
    private static final long DELETION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * How many of the newest segments written to may hold torn writes, records a stopped process
     * left uncommitted: the active one and the one it rolled from as the process stopped.
     */
    private static final int LAST_WRITTEN = 2;

    private final JournalSettings settings;

    private final String label;

    private final DirectoryLock lock;

    /** Live segments by number: those found at open (until replayed and acknowledged), and new ones. */
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

    /**
     * The segment of the last lookup by reference: acknowledgements and reads come mostly in
     * order, so most lookups are of it, and skip the map (a skip-list walk and a boxed key each).
     */
    private volatile Segment lastLookedUp;

    /**
     * Held while the active segment changes (and the next one is prepared). Never waited for on the
     * segments thread: a roll holds it while it waits for the segment being prepared there.
     */
    private final ReentrantLock rolling = new ReentrantLock();

    /** Prepares and deletes segment files, and checks the directory's lock file every {@link #LOCK_CHECK_MILLIS}. */
    private final ScheduledExecutorService segmentsThread;

    /** What the last check of the lock file found; only the segments thread uses it. */
    private DirectoryLock.Kept lastKept = DirectoryLock.Kept.HELD;

    private boolean lockCheckFailed;

    /** Whether the last check of the lock file found another live process holding a new one. */
    private volatile boolean sharedDirectory;

    private final Syncer syncer;

    private final LongAdder replayed = new LongAdder();

    private final LongAdder corrupt = new LongAdder();

    /** Of {@link #corrupt}, the torn writes: never committed, never answered. */
    private final LongAdder torn = new LongAdder();

    /** Bytes of the segments out of {@link #segments} whose files the segments thread has not deleted yet: still on the disk. */
    private final AtomicLong deletingBytes = new AtomicLong();

    /**
     * Files of delivered segments whose deletion failed (the directory made append-only or read-only
     * meanwhile, say): deleted again every second on the segments thread, and counted against the
     * disk bound until they are, since they take its room.
     */
    private final Queue<Undeleted> undeleted = new ConcurrentLinkedQueue<>();

    /** Bytes of {@link #undeleted}. */
    private final AtomicLong undeletedBytes = new AtomicLong();

    private final List<Segment> found;

    /** Guarded by {@link #rolling}. */
    private long nextNumber;

    /** Guarded by {@link #rolling}. */
    private Future<Segment> prepared;

    /**
     * The segment appends go to; {@code null} after an open that found the bound already taken by
     * the records of before (a process that died with a full journal): the first append that finds
     * room again makes one.
     */
    private volatile Segment active;

    private volatile boolean closed;

    private Journal(JournalSettings settings, String label, DirectoryLock lock, List<Segment> found, long nextNumber,
            UnaryOperator<Iterable<Segment>> forced, java.util.function.Supplier<Throwable> diskTest) {
        this.settings = settings;
        this.label = label;
        this.lock = lock;
        this.found = found;
        this.nextNumber = nextNumber;
        for (Segment segment : found) {
            // not deleted before replay has counted what it holds
            segment.unacknowledged.set(NOT_COUNTED);
            this.segments.put(segment.number, segment);
        }
        this.segmentsThread = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, label + "-journal-segments");
            thread.setDaemon(true);
            return thread;
        });
        this.syncer = (settings.fsync() == FsyncMode.NEVER) ? null
                : new Syncer(settings.fsync(), settings.fsyncInterval(), () -> forced.apply(unforced()), label,
                        (diskTest != null) ? diskTest : () -> JournalFiles.testWrite(settings.directory()));
    }

    /**
     * Opens the journal in {@code settings.directory()}, creating it if needed, and takes its lock.
     * @param label the pool's label, for thread names and logs
     * @throws JournalException when the directory is in use by another process, or cannot be used
     */
    public static Journal open(JournalSettings settings, String label) {
        return open(settings, label, UnaryOperator.identity());
    }

    /**
     * {@link #open(JournalSettings, String)}, with the segments each fsync round forces passed
     * through {@code forced}: where the tests make the disk fail a force.
     */
    static Journal open(JournalSettings settings, String label, UnaryOperator<Iterable<Segment>> forced) {
        return open(settings, label, forced, Segment::open);
    }

    /**
     * {@link #open(JournalSettings, String, UnaryOperator)}, with the segment files found opened by
     * {@code opener}: where the tests make an open fail as a busy system does.
     */
    static Journal open(JournalSettings settings, String label, UnaryOperator<Iterable<Segment>> forced,
            SegmentOpener opener) {
        return open(settings, label, forced, opener, null);
    }

    /**
     * {@link #open(JournalSettings, String, UnaryOperator)}, with the test write that ends an fsync failure made by
     * {@code diskTest} (its failure, or {@code null}): where the tests keep a disk failing.
     */
    static Journal open(JournalSettings settings, String label, UnaryOperator<Iterable<Segment>> forced,
            java.util.function.Supplier<Throwable> diskTest) {
        return open(settings, label, forced, Segment::open, diskTest);
    }

    private static Journal open(JournalSettings settings, String label, UnaryOperator<Iterable<Segment>> forced,
            SegmentOpener opener, java.util.function.Supplier<Throwable> diskTest) {
        Path directory = settings.directory();
        try {
            JournalFiles.createDirectories(directory);
        }
        catch (IOException ex) {
            throw new JournalException("the journal directory " + directory + " cannot be created: " + JournalFiles.why(ex),
                    JournalFiles.reason(ex), ex);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        try {
            List<Segment> found = new ArrayList<>();
            int unreadable = 0;
            long next = 1;
            try (Stream<Path> partial = Files.list(directory)) {
                // segments whose preparation a dying process left half done: never written to
                // and test writes of the fsync thread a dying process left
                for (Path file : partial.filter((path) -> path.getFileName().toString().endsWith(".journal.new")
                        || path.getFileName().toString().startsWith(JournalFiles.TEST_WRITE_PREFIX))
                    .toList()) {
                    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        // only files are the journal's own: anything else there is left alone
                        Files.deleteIfExists(file);
                    }
                }
            }
            try (Stream<Path> files = Files.list(directory)) {
                List<Path> listed = files.filter((path) -> path.getFileName().toString().endsWith(".journal"))
                    .sorted()
                    .toList();
                // the newest segment file: the one made ahead of time, if the journal had made it
                Path newest = listed.stream().filter(SegmentFormat::hasSegmentName)
                    .max(Comparator.comparingLong(SegmentFormat::numberOf))
                    .orElse(null);
                for (Path file : listed) {
                    if (!SegmentFormat.hasSegmentName(file)) {
                        // not a name the journal gives (a directory shared with another program's
                        // *.journal files): not its to read, move or count
                        logger.warn("{} - {} in the journal directory is not a journal segment (they are named "
                                + "like 0000000000000001.journal); left alone. Give the journal a directory of "
                                + "its own", label, file);
                        continue;
                    }
                    try {
                        if (!Files.isRegularFile(file)) {
                            // a directory, or a link to nothing (or a loop): no segment and no records, whatever its name
                            throw new MalformedSegmentException(file + " is not a journal segment (not a regular file)");
                        }
                        Segment segment = opener.open(file);
                        found.add(segment);
                        next = Math.max(next, segment.number + 1);
                        for (String repair : segment.repairs) {
                            logger.warn("{} - Journal segment {}: {}", label, file, repair);
                        }
                    }
                    catch (IOException ex) {
                        if (!(ex instanceof MalformedSegmentException)) {
                            // its records are whole: the start stops, and they are delivered once it may be read
                            found.forEach(Segment::close);
                            throw unopenable(file, ex);
                        }
                        // its number is not given again, so that a later file moved aside never replaces this one
                        next = Math.max(next, SegmentFormat.numberOf(file) + 1);
                        long zeros = file.equals(newest) ? JournalFiles.onlyZeros(file) : -1;
                        if (zeros >= 0) {
                            // the newest, and no fsync ever covered it (the first forces the header with the records):
                            // the segment made ahead of time, which a power loss left without its header; nothing to
                            // read, move aside or count. An older one of zeros held records (it was written and moved
                            // on from): moved aside and counted below, as lost (g61r)
                            Files.delete(file);
                            logger.warn("{} - Journal segment {}, the newest, holds only zeros ({} bytes): no fsync "
                                    + "ever covered it (the segment made ahead of time, left without its header by a "
                                    + "power loss or a kernel crash; or the records of the newest segment, none of "
                                    + "which the fsync mode had forced yet); deleted", label, file, zeros);
                            continue;
                        }
                        Path aside = JournalFiles.asideOf(file);
                        long bytes = Files.isRegularFile(file) ? Files.size(file) : 0;
                        Files.move(file, aside);
                        // its records cannot be told apart any more: counted as one corrupt record,
                        // so that an alert on the count fires
                        unreadable++;
                        logger.error("{} - Journal segment {} cannot be read ({}); moved aside to {} and skipped, with "
                                + "whatever records its {} bytes held (counted as one corrupt record)", label, file,
                                ex.getMessage(), aside, bytes);
                    }
                }
            }
            if (next > SegmentFormat.MAX_NUMBER) {
                found.forEach(Segment::close);
                throw new JournalException("the journal directory " + directory + " holds a segment numbered "
                        + (next - 1) + ", the last number a segment may have, so no new one can be made: move its "
                        + "segment files to another directory (and deliver them from there with a pool of their "
                        + "own), then start again", JournalException.Reason.UNUSABLE, null);
            }
            found.sort(Comparator.comparingLong((Segment segment) -> segment.number));
            Journal journal = new Journal(settings, label, lock, found, next, forced, diskTest);
            journal.corrupt.add(unreadable);
            journal.segmentsThread.scheduleWithFixedDelay(journal::keepFiles, LOCK_CHECK_MILLIS, LOCK_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
            JournalFullException noRoom = null;
            journal.rolling.lock();
            try {
                journal.active = journal.newSegment();
            }
            catch (JournalFullException ex) {
                noRoom = ex;
            }
            finally {
                journal.rolling.unlock();
            }
            if (noRoom != null && noRoom.getCause() != null && found.isEmpty()) {
                // nothing kept to deliver, and no segment can be made: no acknowledgement will ever make room
                journal.close();
                throw new JournalException(noRoom.getMessage() + ". The journal is empty, so nothing it holds "
                        + "will free room: give the volume room for the journal's bound (" + settings.maxBytes()
                        + " bytes) plus one segment (" + settings.segmentBytes() + "), or lower the bound (a segment "
                        + "is an eighth of it)", JournalException.Reason.NO_ROOM, noRoom.getCause());
            }
            if (noRoom != null) {
                // what was kept must still be replayed and delivered: the journal opens, and
                // appends are refused until acknowledgements free room
                logger.warn("{} - No room for new records in the journal yet: {}; publish is refused with "
                        + "JOURNAL_FULL until the broker has acknowledged enough of the records it holds", label,
                        noRoom.getMessage());
            }
            logOpened(settings, label, found.size());
            return journal;
        }
        catch (IOException | RuntimeException ex) {
            lock.close();
            if (ex instanceof JournalException journalException) {
                throw journalException;
            }
            throw new JournalException("the journal directory " + directory + " cannot be used: "
                    + ((ex instanceof IOException io) ? JournalFiles.why(io)
                            : (ex.getMessage() != null) ? ex.getMessage() : ex.toString()),
                    (ex instanceof IOException io) ? JournalFiles.reason(io) : JournalException.Reason.UNUSABLE, ex);
        }
    }

    /**
     * Why a segment file that is not known to be malformed cannot be opened: permission denied,
     * too many open files, no memory to map it, an I/O error. It is not moved aside, and its
     * records are not counted as corrupt: they may all be whole.
     */
    private static JournalException unopenable(Path file, IOException failure) {
        JournalException.Reason reason = JournalFiles.reason(failure);
        String fix = (reason == JournalException.Reason.PERMISSION_DENIED)
                ? "make it readable and writable by the application's user (as the other files of the directory are)"
                : "remove the cause (too many open files: raise the process's limit, ulimit -n; \"Map failed\": leave "
                        + "the process more memory outside its heap)";
        return new JournalException("the journal segment " + file + " cannot be opened: " + JournalFiles.why(failure)
                + ". It may hold records not yet delivered, so it is neither skipped nor moved: " + fix
                + ", then start again", (reason == JournalException.Reason.UNUSABLE)
                        ? JournalException.Reason.SEGMENT_UNAVAILABLE : reason, failure);
    }

    /** Opens a segment file found at startup. */
    @FunctionalInterface
    interface SegmentOpener {

        Segment open(Path file) throws IOException;

    }

    /**
     * Says that records are journaled, where and how, and warns when the volume has less room than
     * the bound (the journal then fills the disk, not its bound: publish is refused early).
     */
    private static void logOpened(JournalSettings settings, String label, int found) {
        String fsync = settings.fsync().name().toLowerCase(java.util.Locale.ROOT)
                + ((settings.fsync() == FsyncMode.INTERVAL) ? " every " + settings.fsyncInterval().toMillis() + " ms" : "");
        logger.info("{} - Journal in {}: fsync {}, at most {} bytes in segments of {}; {} segment file(s) found",
                label, settings.directory(), fsync, settings.maxBytes(), settings.segmentBytes(), found);
        try {
            // the room the journal has: what the volume has free, and what its segments take already
            long room = Files.getFileStore(settings.directory()).getUsableSpace()
                    + JournalFiles.bytesIn(settings.directory());
            if (room < settings.maxBytes() + settings.segmentBytes()) {
                logger.warn("{} - The volume of the journal directory {} has room for {} bytes of journal, less than "
                        + "its bound ({} bytes) plus one segment ({}): publish is refused with JOURNAL_FULL once the "
                        + "disk is full. Give the volume more room, or lower the bound", label,
                        settings.directory(), room, settings.maxBytes(), settings.segmentBytes());
            }
        }
        catch (IOException | RuntimeException ex) {
            // the size of the volume is advice only
        }
    }

    /**
     * Hands each record that was written and not acknowledged before this journal was opened to
     * {@code visitor}, oldest first: its reference and its payload. Torn and corrupt records are
     * skipped, counted and logged with their segment and position. Call once, before appending.
     * @return how many records were handed back
     */
    public long replay(ReplayVisitor visitor) {
        long count = 0;
        // the newest segments written to: the active one at the stop, and the one it rolled from
        // (empty ones after them, prepared by this or an interrupted start, do not count)
        int newest = this.found.size() - 1;
        while (newest > 0 && this.found.get(newest).neverWritten()) {
            newest--;
        }
        int index = 0;
        for (Segment segment : this.found) {
            List<Integer> offsets = new ArrayList<>();
            long corruptBefore = this.corrupt.sum();
            boolean lastWritten = index++ > newest - LAST_WRITTEN;
            boolean unreadable = segment.scan((seg, offset) -> offsets.add(offset), (seg, offset, torn, why) -> {
                this.corrupt.increment();
                if (torn) {
                    this.torn.increment();
                    // what a crash under load leaves: the caller of that write never had an answer
                    logger.warn("{} - Journal segment {} holds a torn record at position {}: {}; skipped",
                            this.label, seg.file, offset, why);
                }
                else {
                    logger.error("{} - Journal segment {} holds a corrupt record at position {}: {}; skipped",
                            this.label, seg.file, offset, why);
                }
            }, lastWritten);
            if (segment.missingBytes > 0 && segment.sealedEnd > 0 && segment.sealedEnd <= segment.capacity) {
                // its header says where its records end, before the cut: the bytes cut held none (a loss an earlier
                // start found beyond that end it reported then, and wrote the end where its whole records stopped)
                logger.warn("{} - Journal segment {} was cut short: its last {} bytes are missing (it was made with {}); "
                        + "its records end at position {}, before the cut, so no record is lost with them", this.label,
                        segment.file, segment.missingBytes, (long) segment.capacity + segment.missingBytes,
                        segment.sealedEnd);
            }
            else if (segment.missingBytes > 0 && segment.endsInZeros && !segment.zeroedRecords) {
                // zeros up to the cut: room never written to (a power cut before the file's size reached the disk)
                logger.warn("{} - Journal segment {} was cut short: its last {} bytes are missing (it was made with {}); "
                        + "the bytes before the cut are unwritten room, so no record is known to be lost", this.label,
                        segment.file, segment.missingBytes, (long) segment.capacity + segment.missingBytes);
            }
            else if (segment.missingBytes > 0) {
                // a cut at a record's boundary leaves no torn record to find: the size tells
                logger.error("{} - Journal segment {} was cut short: its last {} bytes are missing (it was made with {}), "
                        + "and the records they held, if any, with them", this.label, segment.file,
                        segment.missingBytes, (long) segment.capacity + segment.missingBytes);
                if (this.corrupt.sum() == corruptBefore) {
                    this.corrupt.increment();
                }
            }
            if (unreadable) {
                keepAside(segment);
                continue;
            }
            segment.keepEndOfWholeRecords();
            segment.unacknowledged.set(offsets.size());
            for (int offset : offsets) {
                visitor.record(reference(segment, offset), segment.read(offset));
                count++;
            }
            deleteIfDone(segment);
        }
        this.replayed.add(count);
        return count;
    }

    /**
     * {@link #write Writes} a record and {@link #awaitDurable waits} until it is durable as the
     * fsync mode promises: when this returns, the record is in the page cache (and on the disk, in
     * {@link FsyncMode#ALWAYS} mode).
     * @return the record's reference
     * @throws JournalFullException when the journal holds its most bytes, or the disk is full
     * @throws JournalRecordTooLargeException when the record is larger than a segment holds
     * @throws JournalSyncFailedException in {@code always} mode, when the fsync failed (the record is given up)
     */
    public long append(int payloadLength, Consumer<ByteBuffer> writer) {
        long mark = mark();
        long reference = write(payloadLength, writer);
        try {
            awaitDurable(mark);
        }
        catch (JournalSyncFailedException ex) {
            acknowledge(reference);
            throw ex;
        }
        return reference;
    }

    /** Taken before records are {@link #write written}, for {@link #awaitDurable(long)}. */
    public long mark() {
        return (this.settings.fsync() == FsyncMode.ALWAYS) ? this.syncer.mark() : 0;
    }

    /**
     * In {@link FsyncMode#ALWAYS} mode, waits for an fsync that begins after this call, which
     * covers every record this thread has written before it (concurrent callers share it); at once
     * in the other modes. A batch writes all its records first and waits once.
     * @param mark {@link #mark()}, taken before the records were written
     * @throws JournalSyncFailedException when an fsync since the mark failed: the records are not
     * known to be on the disk, and the caller gives them up
     */
    public void awaitDurable(long mark) {
        if (this.settings.fsync() == FsyncMode.ALWAYS && !this.syncer.awaitForceAfterWrite(mark)) {
            Throwable failure = this.syncer.lastFailure();
            throw new JournalSyncFailedException("the journal in " + this.settings.directory()
                    + " could not force the record to the disk (fsync failed: " + failure
                    + "); it was not accepted", failure);
        }
    }

    /**
     * In {@link FsyncMode#INTERVAL} mode, refuses new records while the last fsync failed: taken, each would be one
     * more that a power loss could take, beyond the interval the mode promises (a grader's disk failed every fsync
     * for 10 s, the app took 2,000 records meanwhile, and a power loss then took them all). The fsync thread goes on
     * trying every interval (the segments it failed to force stay to be forced), and records are taken again once a
     * test write of its own reaches the disk and the hold-off has passed ({@link Syncer#failingNow()}). In
     * {@code always} mode each record waits for its own fsync, which fails it.
     */
    private void refuseWhileFsyncFails() {
        String failing = (this.settings.fsync() == FsyncMode.INTERVAL) ? this.syncer.failingNow() : null;
        if (failing != null) {
            throw new JournalSyncFailedException("the journal in " + this.settings.directory() + " cannot force its "
                    + "records to the disk (fsync failed: " + failing + "); new records are refused until fsyncs "
                    + "succeed again for 50 intervals", this.syncer.lastFailure());
        }
    }

    /**
     * Writes a record of {@code payloadLength} bytes, which {@code writer} puts into the buffer it
     * is given, from its position to its limit, with relative puts (the record's id comes before
     * the position). When this returns, the record is in the page cache; see {@link #awaitDurable}.
     * @return the record's reference
     * @throws JournalFullException when the journal holds its most bytes, or the disk is full
     * @throws JournalRecordTooLargeException when the record is larger than a segment holds
     */
    public long write(int payloadLength, Consumer<ByteBuffer> writer) {
        if (this.closed) {
            throw new IllegalStateException("the journal in " + this.settings.directory() + " is closed");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("a record's length is never negative: " + payloadLength);
        }
        refuseWhileFsyncFails();
        // a payload beyond the room is too large before its record length (header, rounded up) could wrap an int
        int length = (payloadLength > SegmentFormat.recordRoom(this.settings.segmentBytes())) ? Integer.MAX_VALUE
                : SegmentFormat.recordLength(payloadLength);
        if (length > SegmentFormat.recordRoom(this.settings.segmentBytes())) {
            throw new JournalRecordTooLargeException("the record takes " + payloadLength
                    + " bytes in the journal, more than one journal segment holds ("
                    + SegmentFormat.recordRoom(this.settings.segmentBytes()) + " of its " + this.settings.segmentBytes()
                    + " bytes)");
        }
        while (true) {
            Segment segment = this.active;
            if (segment == null) {
                roll(null);
                continue;
            }
            segment.unacknowledged.incrementAndGet();
            int offset = segment.reserve(length);
            if (offset < 0) {
                segment.unacknowledged.decrementAndGet();
                deleteIfDone(segment);
                roll(segment);
                continue;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            ByteBuffer body = segment.body(offset, payloadLength,
                    (System.currentTimeMillis() << 16) | (random.nextInt() & 0xFFFF), random.nextLong());
            try {
                writer.accept(body);
                segment.commit(offset, payloadLength, body);
            }
            catch (RuntimeException | Error ex) {
                // never committed: the next start skips its room as a torn write; the segment may go
                segment.unacknowledged.decrementAndGet();
                if (ex instanceof InternalError) {
                    throw cutShort(segment, ex);
                }
                deleteIfDone(segment);
                throw ex;
            }
            return reference(segment, offset);
        }
    }

    /**
     * A write into {@code segment}'s mapping faulted (the JVM's {@link InternalError} for a
     * {@code SIGBUS}): its file was cut short (truncated) under this process. The segment is
     * sealed, so that the next record goes to a new file, and the record is refused; said once.
     * (In compiled code the JVM may raise that error a moment later, outside this call: the check
     * of every second, {@link #keepSegments()}, seals the segment then.)
     */
    private JournalFullException cutShort(Segment segment, Throwable fault) {
        boolean first = !segment.lost;
        segment.lost = true;
        segment.sealed = true;
        deleteIfDone(segment);
        if (first) {
            logger.error("{} - The journal segment {} cannot be written where it is mapped: its file was cut short "
                    + "while this process used it ({}). Its records not yet acknowledged that are still in memory are "
                    + "delivered; those that were only in the lost part of the file cannot be, and are reported as "
                    + "they are read. New records go to a new segment. Never change the journal's files while the app "
                    + "runs", this.label, segment.file, fault.toString());
        }
        return new JournalFullException("the journal segment " + segment.file + " was cut short while in use; this "
                + "record was not accepted, and the next one goes to a new segment", fault);
    }

    /** The payload of a record not yet acknowledged, read-only. */
    public ByteBuffer read(long reference) {
        return segment(reference).read(offset(reference));
    }

    /** The record's id: stable across restarts, for consumers that drop duplicates. */
    public UUID id(long reference) {
        Segment segment = segment(reference);
        int offset = offset(reference);
        return new UUID(segment.idHigh(offset), segment.idLow(offset));
    }

    /** The record's id as the 16 bytes of its {@code kafka-pool-id} header: {@link #id}'s two longs, big-endian. */
    public byte[] idBytes(long reference) {
        return segment(reference).idBytes(offset(reference));
    }

    /** The broker has the record: marks it, and deletes its segment once every record in it is. */
    public void acknowledge(long reference) {
        Segment segment = segment(reference);
        segment.acknowledge(offset(reference));
        segment.unacknowledged.decrementAndGet();
        deleteIfDone(segment);
    }

    /**
     * A snapshot of the journal's state. While no segment can be made ({@link JournalStats#writeFailure()}), it tries
     * again at most once a second first: health checks and metric scrapes then find a directory that was mended,
     * though no publish comes to a pod that health took out of the Service.
     */
    public JournalStats stats() {
        if (this.creationFailure != null && this.active == null
                && System.nanoTime() - this.creationRetried > CREATION_RETRY_NANOS) {
            this.creationRetried = System.nanoTime();
            makeActiveIfNone();
        }
        long unacknowledged = 0;
        long oldest = 0;
        for (Segment segment : this.segments.values()) {
            int count = segment.unacknowledged.get();
            if (count >= NOT_COUNTED) {
                continue;
            }
            unacknowledged += count;
            if (oldest == 0 && count > 0 && !segment.lost) {
                // not from a file cut short under this process: a read of its lost part faults
                oldest = segment.oldestUnacknowledgedMillis();
            }
        }
        int live = this.segments.size();
        // the files of delivered segments that could not be deleted take the disk too, and count against the bound
        return new JournalStats(liveBytes() + this.undeletedBytes.get(), live, unacknowledged,
                (oldest == 0) ? 0 : Math.max(0, System.currentTimeMillis() - oldest), this.replayed.sum(),
                this.corrupt.sum(), (this.syncer != null) ? this.syncer.fsyncs() : 0,
                (this.syncer != null) ? this.syncer.fsyncNanos() : 0, (this.syncer != null) ? this.syncer.failures() : 0,
                this.sharedDirectory, this.creationFailure, this.torn.sum(),
                (this.syncer != null) ? this.syncer.failingNow() : null);
    }

    public JournalSettings settings() {
        return this.settings;
    }

    /**
     * Forces what is written and releases the directory. Segments are not unmapped here (the
     * garbage collector does it): an acknowledgement that arrives late still has memory to write.
     */
    @Override
    public void close() {
        this.closed = true;
        if (this.syncer != null) {
            this.syncer.stop();
        }
        this.rolling.lock();
        try {
            this.segmentsThread.shutdown();
            // the bound, not a caller's interrupt, ends the wait; the flag is kept for the caller
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean interrupted = false;
            boolean ended = false;
            while (!ended && deadline - System.nanoTime() > 0) {
                try {
                    ended = this.segmentsThread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (!ended) {
                logger.warn("{} - The next journal segment was still being prepared at close", this.label);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            discardPrepared();
        }
        finally {
            this.rolling.unlock();
        }
        for (Segment segment : this.segments.values()) {
            segment.close();
        }
        this.lock.close();
    }

    /**
     * On the segments thread, every second: the lock file, then the segments' files (whatever the lock
     * check found), then the files of delivered segments whose deletion failed.
     */
    private void keepFiles() {
        keepLock();
        try {
            keepSegments();
            retryDeletions();
        }
        catch (RuntimeException ex) {
            // a task of a scheduled executor that throws is never run again: the lock check must go on
            logger.warn("{} - The journal's segment files in {} cannot be checked: {}", this.label,
                    this.lock.directory(), ex.toString());
        }
    }

    /** Makes the lock file again if it was deleted, and says so. */
    private void keepLock() {
        DirectoryLock.Kept kept;
        try {
            kept = this.lock.keep();
        }
        catch (IOException | RuntimeException ex) {
            if (!this.lockCheckFailed) {
                this.lockCheckFailed = true;
                logger.warn("{} - The journal's lock file in {} cannot be checked: {}", this.label,
                        this.lock.directory(), (ex instanceof IOException io) ? JournalFiles.why(io) : ex.toString());
            }
            return;
        }
        this.lockCheckFailed = false;
        if (kept == DirectoryLock.Kept.DIRECTORY_REMADE) {
            logger.error("{} - The journal directory {} was deleted while this process used it; it is made and locked "
                    + "again, and new records go to new segments in it. Never delete it while the app runs: a record "
                    + "that was in it lives on only in this process", this.label, this.lock.directory());
        }
        else if (kept == DirectoryLock.Kept.REMADE) {
            logger.warn("{} - The journal's lock file {} was deleted (or replaced) while this process used the "
                    + "directory; it is made and locked again. Never delete it: the kernel releases the lock when the "
                    + "process dies, however it dies", this.label, this.lock.directory().resolve(DirectoryLock.FILE));
        }
        else if (kept == DirectoryLock.Kept.TAKEN && this.lastKept != DirectoryLock.Kept.TAKEN) {
            logger.error("{} - The journal's lock file {} was deleted while this process used the directory, and "
                    + "another live process has taken the directory since: two processes now write one journal, "
                    + "which can lose the records of both. Stop one of them; each needs a directory of its own",
                    this.label, this.lock.directory().resolve(DirectoryLock.FILE));
        }
        this.lastKept = kept;
        this.sharedDirectory = kept == DirectoryLock.Kept.TAKEN;
    }

    /**
     * On the segments thread, every second: a segment whose file someone deleted (or whose directory
     * went) or cut short is sealed, so that new records go to a file that exists whole, and said
     * once at ERROR. What it held is still mapped, or in memory: this process delivers it, but the
     * next start cannot. (Writing where a file was cut short faults; the checksum never reads mapped
     * bytes in native code, where that fault would end the process.)
     */
    private void keepSegments() {
        List<Segment> deleted = new ArrayList<>();
        long records = 0;
        for (Segment segment : this.segments.values()) {
            if (segment.lost || segment.retired) {
                continue;
            }
            long size;
            try {
                size = Files.size(segment.file);
            }
            catch (java.nio.file.NoSuchFileException ex) {
                size = -1;
            }
            catch (IOException ex) {
                continue;
            }
            // retired meanwhile: deleted by this journal, as it should be
            if (size >= segment.capacity || this.segments.get(segment.number) != segment || segment.retired) {
                continue;
            }
            segment.lost = true;
            segment.sealed = true;
            if (size < 0) {
                deleted.add(segment);
                records += segment.unacknowledged.get();
            }
            else {
                logger.error("{} - The journal segment {} was cut short to {} of its {} bytes while this process used "
                        + "it: its {} record(s) not yet acknowledged are delivered by this process if it lives (one "
                        + "that was only in the lost part and cannot be read back is reported as it is sent); new "
                        + "records go to a new segment. Never change the journal's files while the app runs",
                        this.label, segment.file, size, segment.capacity, segment.unacknowledged.get());
            }
        }
        // not waited for: a roll holding it may wait for a segment this thread is to prepare next (checked again
        // in a second)
        if (this.rolling.tryLock()) {
            try {
                Future<Segment> next = this.prepared;
                if (next != null && next.isDone() && !next.isCancelled()) {
                    try {
                        Segment prepared = next.get();
                        if (!Files.exists(prepared.file) || Files.size(prepared.file) < prepared.capacity) {
                            discardPrepared();
                        }
                    }
                    catch (Exception ex) {
                        discardPrepared();
                    }
                }
            }
            finally {
                this.rolling.unlock();
            }
        }
        if (!deleted.isEmpty()) {
            logger.error("{} - {} journal segment file(s) were deleted while this process used them ({}{}): the {} "
                    + "record(s) in them not yet acknowledged are now only in this process, delivered if it lives and "
                    + "lost if it dies; new records go to a new segment. Never delete the journal's files while the "
                    + "app runs", this.label, deleted.size(), deleted.get(0).file, (deleted.size() > 1) ? " and others" : "",
                    records);
        }
    }

    /** A file the journal could not delete: counted against the bound, and deleted by {@link #retryDeletions()}. */
    private void deleteLater(Path file, long bytes) {
        this.undeletedBytes.addAndGet(bytes);
        this.undeleted.add(new Undeleted(file, bytes));
    }

    /** Deletes the files of {@link #undeleted} that can be deleted now, and gives their room back to the bound. */
    private void retryDeletions() {
        boolean freed = false;
        for (Iterator<Undeleted> files = this.undeleted.iterator(); files.hasNext();) {
            Undeleted file = files.next();
            try {
                Files.deleteIfExists(file.path());
            }
            catch (IOException ex) {
                continue;
            }
            files.remove();
            this.undeletedBytes.addAndGet(-file.bytes());
            freed = true;
            logger.info("{} - Journal segment {}, whose deletion had failed, is deleted now", this.label, file.path());
        }
        if (freed) {
            makeActiveIfNone();
        }
    }

    /** Replaces {@code full} (or no segment: {@code null}) as the active segment, unless another caller did. */
    private void roll(Segment full) {
        this.rolling.lock();
        try {
            if (this.active != full) {
                return;
            }
            if (full == null) {
                this.active = newSegment();
                return;
            }
            full.sealed = true;
            // Not forced here: the fsync thread forces every live segment, sealed ones too, so the
            // last records of this one get theirs on its next round. Forcing on the roll made the
            // caller that happened to roll wait for the whole segment's write (≈ 0.1 s per 64 MB).
            // No longer the active one, even if no new one can be made (a full disk): once its
            // records are acknowledged it is deleted, and its room lets the next try succeed.
            this.active = null;
            try {
                this.active = newSegment();
            }
            finally {
                deleteIfDone(full);
            }
        }
        finally {
            this.rolling.unlock();
        }
    }

    /** The next segment, prepared in the background when possible; guarded by {@link #rolling}. */
    private Segment newSegment() {
        long segmentBytes = this.settings.segmentBytes();
        long onDisk = bytesOnDisk(this.settings.maxBytes() - segmentBytes);
        if (onDisk + segmentBytes > this.settings.maxBytes()) {
            int undeletable = this.undeleted.size();
            throw new JournalFullException("the journal holds its most bytes (" + onDisk + " of "
                    + this.settings.maxBytes() + " in " + (this.segments.size() + undeletable) + " segment files"
                    + ((undeletable > 0) ? ", " + undeletable + " of them delivered but not deleted yet" : "")
                    + ", and a new one takes " + segmentBytes + ") in " + this.settings.directory()
                    + "; it frees segments as the broker acknowledges their records"
                    + ((undeletable > 0) ? ", and the delivered ones once the directory lets them be deleted (see the "
                            + "WARN)" : ""), null);
        }
        Segment segment;
        try {
            if (this.prepared != null) {
                segment = this.prepared.get();
            }
            else {
                // the number is taken only by a file that was made: failed tries do not use numbers up
                // a try that fails leaves its files to the next, which makes the same number
                segment = Segment.create(this.settings.directory(), this.nextNumber, this.settings.segmentBytes());
                this.nextNumber++;
            }
        }
        catch (Exception ex) {
            Throwable cause = (ex instanceof java.util.concurrent.ExecutionException) ? ex.getCause() : ex;
            JournalFullException full = new JournalFullException("a new journal segment of " + segmentBytes
                    + " bytes cannot be created in " + this.settings.directory() + ": "
                    + ((cause instanceof IOException io) ? JournalFiles.why(io) + hint(io) : cause.toString()), cause);
            this.creationFailure = full.getMessage();
            long now = System.nanoTime();
            if (this.creationFailureLogged == 0 || now - this.creationFailureLogged > CREATION_FAILURE_LOG_NANOS) {
                this.creationFailureLogged = now;
                logger.warn("{} - {}; publish is refused with JOURNAL_FULL until it can be: the segments the broker "
                        + "has acknowledged are deleted, and the volume needs room for the journal's bound ({} bytes) "
                        + "plus one segment (logged once a minute)", this.label, full.getMessage(),
                        this.settings.maxBytes());
            }
            throw full;
        }
        finally {
            this.prepared = null;
        }
        this.segments.put(segment.number, segment);
        this.creationFailure = null;
        // the one after it is prepared in the background, if the disk bound leaves room for both
        if (onDisk + 2 * segmentBytes <= this.settings.maxBytes()) {
            long number = this.nextNumber++;
            this.prepared = this.segmentsThread.submit(
                    () -> prepareSegment(number));
        }
        return segment;
    }

    /**
     * The segment prepared for the next roll, on the segments thread; its number is taken whether or
     * not it is made, so when it cannot be, what the try left (its {@code .new} file, or the file
     * renamed into place but not mapped) is deleted, or, when the directory does not let it be, counted
     * against the bound and deleted again every second, as a delivered segment's file that could not be
     * (a grader's 8 MB {@code .new} file stayed on the disk, outside the bound, until the next start).
     */
    private Segment prepareSegment(long number) throws IOException {
        try {
            return Segment.create(this.settings.directory(), number, this.settings.segmentBytes());
        }
        catch (IOException | RuntimeException ex) {
            String name = SegmentFormat.name(number);
            for (Path leftover : List.of(this.settings.directory().resolve(name + ".new"),
                    this.settings.directory().resolve(name))) {
                if (!Files.isRegularFile(leftover, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // not a file a try makes (a directory in its place, say): not the journal's to delete or count
                    continue;
                }
                try {
                    Files.deleteIfExists(leftover);
                }
                catch (IOException notDeleted) {
                    deleteLater(leftover, leftoverSize(leftover));
                    logger.warn("{} - {}, left by a segment that could not be made, could not be deleted: {}; it is "
                            + "counted against the journal's bound and its deletion is tried again every second",
                            this.label, leftover, JournalFiles.why(notDeleted));
                }
            }
            throw ex;
        }
    }

    private static long leftoverSize(Path file) {
        try {
            return Files.size(file);
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /** What a failure to make a segment most likely means, for the log: only a full disk is the disk's room. */
    private static String hint(IOException failure) {
        if (failure instanceof java.nio.file.NoSuchFileException) {
            return " (the directory was deleted? it is made again within a second)";
        }
        return switch (JournalFiles.reason(failure)) {
            case NO_ROOM -> " (the disk is full)";
            case PERMISSION_DENIED, READ_ONLY -> " (the directory cannot be written: its permissions, attributes or mount)";
            default -> " (is the disk full, or the directory not writable?)";
        };
    }

    /**
     * Bytes of the segment files on the disk, in use or being deleted, each counted at its own size
     * (a journal opened with another {@code KAFKA_JOURNAL_MAX_BYTES} finds segments of another
     * size); when they are more than {@code wanted} and deletions are under way, waits for those
     * (milliseconds, at the disk bound only) rather than refuse for room that is about to be free.
     */
    private long bytesOnDisk(long wanted) {
        long deadline = System.nanoTime() + DELETION_WAIT_NANOS;
        while (liveBytes() + this.deletingBytes.get() > wanted && this.deletingBytes.get() > 0
                && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(this, 50_000);
        }
        return liveBytes() + this.deletingBytes.get() + this.undeletedBytes.get();
    }

    private long liveBytes() {
        long bytes = 0;
        for (Segment segment : this.segments.values()) {
            bytes += segment.capacity;
        }
        return bytes;
    }

    /** The segment prepared for the next roll is empty: it goes, so that it does not wait for a replay. */
    private void discardPrepared() {
        Future<Segment> next = this.prepared;
        this.prepared = null;
        if (next == null || !next.isDone() || next.isCancelled()) {
            return;
        }
        try {
            next.get().delete();
        }
        catch (Exception ex) {
            // never made, or already gone
        }
    }

    /**
     * Deletes a sealed segment whose records are all acknowledged, on the segments thread: the last
     * acknowledgement usually comes on the producer's network thread, which should not unmap and
     * unlink a file (and wait for its pages' write-back to end) on the way.
     */
    private void deleteIfDone(Segment segment) {
        if (this.closed || !segment.sealed || segment.unacknowledged.get() != 0 || segment == this.active) {
            return;
        }
        // counted as being deleted before it leaves the list: the disk bound never misses it in between
        this.deletingBytes.addAndGet(segment.capacity);
        if (!this.segments.remove(segment.number, segment)) {
            this.deletingBytes.addAndGet(-segment.capacity);
            return;
        }
        segment.retired = true;
        try {
            this.segmentsThread.execute(() -> delete(segment));
        }
        catch (RejectedExecutionException ex) {
            // closing: the segments thread takes no more work
            delete(segment);
        }
    }

    /**
     * A segment with damage and not one record that could be read (its header's salt and its first
     * record damaged, say) may hold accepted records: its file is moved aside, not deleted, and
     * kept for whoever can read it.
     */
    private void keepAside(Segment segment) {
        if (!this.segments.remove(segment.number, segment)) {
            return;
        }
        segment.retired = true;
        Path aside = JournalFiles.asideOf(segment.file);
        try {
            segment.moveTo(aside);
            logger.error("{} - Journal segment {} holds no record that can be read; moved aside to {} and skipped, "
                    + "with whatever records it held", this.label, segment.file, aside);
        }
        catch (IOException ex) {
            logger.error("{} - Journal segment {} holds no record that can be read, and could not be moved aside "
                    + "({}); it is left as it is and skipped", this.label, segment.file, ex.getMessage());
        }
    }

    private void delete(Segment segment) {
        try {
            segment.delete();
        }
        catch (IOException ex) {
            // counted before it stops counting as being deleted: the disk bound never misses its room in between
            deleteLater(segment.file, segment.capacity);
            // the JDK's message of a refused deletion is the path alone: say why
            logger.warn("{} - Journal segment {} could not be deleted: {}; every record in it was delivered. It stays on "
                    + "the disk, counted against the journal's bound ({} bytes), and its deletion is tried again every "
                    + "second", this.label, segment.file, JournalFiles.why(ex), this.settings.maxBytes());
        }
        finally {
            this.deletingBytes.addAndGet(-segment.capacity);
        }
        makeActiveIfNone();
    }

    /**
     * After a deletion on the segments thread: when there is no active segment (the journal was at
     * its bound when it opened, or a roll found no room), makes one now that there may be room, so
     * that the journal shows its segment and the next publish does not wait for the file to be made.
     * Never waits for {@link #rolling} (a roll may be waiting for this thread), nor for a segment
     * still being prepared here; it tries again after the next deletion.
     */
    private void makeActiveIfNone() {
        Future<Segment> next = this.prepared;
        if (this.closed || this.active != null || this.deletingBytes.get() > 0 || (next != null && !next.isDone())
                || !this.rolling.tryLock()) {
            return;
        }
        try {
            // looked at again under the lock that guards it: a segment being prepared on this very thread is never
            // waited for
            Future<Segment> prepared = this.prepared;
            if (!this.closed && this.active == null && (prepared == null || prepared.isDone())) {
                this.active = newSegment();
            }
        }
        catch (JournalFullException ex) {
            // still no room: the next deletion tries again, as does the next append
        }
        finally {
            this.rolling.unlock();
        }
    }

    private Iterable<Segment> unforced() {
        return this.segments.values();
    }

    private Segment segment(long reference) {
        long number = reference >>> 32;
        Segment last = this.lastLookedUp;
        if (last != null && last.number == number && !last.retired) {
            return last;
        }
        Segment segment = this.segments.get(number);
        if (segment == null) {
            throw new IllegalStateException("no live journal segment " + number);
        }
        this.lastLookedUp = segment;
        return segment;
    }

    private static long reference(Segment segment, int offset) {
        return (segment.number << 32) | offset;
    }

    private static int offset(long reference) {
        return (int) reference;
    }

    @Override
    public String toString() {
        return "Journal[" + this.settings.directory() + ", " + stats() + "]";
    }

    /** Receives the records handed back at open. */
    @FunctionalInterface
    public interface ReplayVisitor {

        /**
         * @param reference the record's reference, to read and acknowledge it
         * @param payload its payload, read-only
         */
        void record(long reference, ByteBuffer payload);

    }

    /** A delivered segment's file that could not be deleted, and the room it takes. */
    private record Undeleted(Path path, long bytes) {
    }

}
