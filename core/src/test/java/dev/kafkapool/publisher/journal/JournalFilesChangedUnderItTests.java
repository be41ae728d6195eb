package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Someone changes the journal's files while it runs (an operator's cleanup, a full-disk script): a
 * segment cut short, a segment deleted, the whole directory deleted. The process never crashes, a
 * record it accepts from then on goes to a file that exists, and the log says what happened once.
 * (A segment cut short under its mapping used to end the JVM with SIGBUS in the checksum's native code.)
 */
class JournalFilesChangedUnderItTests {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path root;

    private Path directory;

    private final List<Journal> opened = new ArrayList<>();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        this.directory = this.root.resolve("journal");
        this.log.start();
        ((Logger) LoggerFactory.getLogger(Journal.class)).addAppender(this.log);
    }

    @AfterEach
    void closeAll() {
        ((Logger) LoggerFactory.getLogger(Journal.class)).detachAppender(this.log);
        this.opened.forEach(Journal::close);
    }

    @Test
    void aSegmentCutShortUnderTheJournalIsSaidOnceAndNewRecordsGoToANewSegmentWithoutAFault() throws IOException {
        Journal journal = open();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(append(journal, "before-" + i + "-" + "x".repeat(900)));
        }
        Path active = segmentFiles().get(0);
        // as a cleanup script might: everything after the first 16 KB of the file is gone
        truncate(active, 16 * 1024);

        await("the cut said", () -> errors().stream().anyMatch((line) -> line.contains("cut short")));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            after.add(append(journal, "after-" + i + "-" + "y".repeat(900)));
        }

        assertThat(errors()).filteredOn((line) -> line.contains("cut short")).hasSize(1)
            .allSatisfy((line) -> assertThat(line).contains(active.toString()).contains("to 16384 of its"));
        journal.close();
        List<String> replayed = replayAll(open());
        assertThat(replayed).endsWith(after.toArray(String[]::new));
        // of the records before the cut, those wholly inside the 16 KB that are left come back, in order
        List<String> before = replayed.subList(0, replayed.size() - after.size());
        assertThat(before).isNotEmpty().isEqualTo(written.subList(0, before.size()));
    }

    @Test
    void aFullSegmentCutShortUnderTheJournalSendsTheNextRecordToANewSegmentWithoutAFault() throws IOException {
        Journal journal = open();
        // 992 bytes: records of 1 KiB, 60 of which fill a segment's room exactly
        for (int i = 0; i < 60; i++) {
            append(journal, "full-" + i + "-" + "x".repeat(992 - 6 - String.valueOf(i).length()));
        }
        Path active = segmentFiles().get(0);
        truncate(active, 0);
        // the next record finds the segment full, and the one that does writes where its records end into a header
        // that is gone: a fault the journal turns into a new segment, not an error for the caller
        String after = append(journal, "after");
        await("the cut said", () -> errors().stream().anyMatch((line) -> line.contains("cut short")));
        long unacknowledged = journal.stats().unacknowledged();
        journal.close();

        assertThat(unacknowledged).as("the 60 before and the one after, none counted twice").isEqualTo(61);
        assertThat(errors()).filteredOn((line) -> line.contains("cut short")).hasSize(1);
        assertThat(replayAll(open())).containsExactly(after);
    }

    @Test
    void statsRightAfterASegmentIsCutShortUnderTheJournalDoNotFaultOnTheCutPart() throws IOException {
        Journal journal = open();
        for (int i = 0; i < 20; i++) {
            append(journal, "before-" + i + "-" + "x".repeat(900));
        }
        Path active = segmentFiles().get(0);
        truncate(active, 0);

        // at once, before the journal's check (once a second) finds the cut: a health check or a scrape reads the
        // age of the oldest record, which is in the part that is gone (a read through the mapping would fault)
        JournalStats stats = journal.stats();

        assertThat(stats.unacknowledged()).isEqualTo(20);
        assertThat(stats.oldestUnacknowledgedMillis()).isZero();
        // and the journal goes on: the cut is found and a record accepted after it is kept
        await("the cut said", () -> errors().stream().anyMatch((line) -> line.contains("cut short")));
        String after = append(journal, "after");
        journal.close();
        assertThat(replayAll(open())).containsExactly(after);
    }

    @Test
    void aSegmentFileDeletedUnderTheJournalIsSaidOnceAndNewRecordsGoToANewFileTheNextStartFinds() throws IOException {
        Journal journal = open();
        append(journal, "in-the-deleted-file");
        Path active = segmentFiles().get(0);
        Files.delete(active);

        await("the deleted segment said", () -> errors().stream().anyMatch((line) -> line.contains("were deleted")));
        String after = append(journal, "after");

        assertThat(errors()).filteredOn((line) -> line.contains("were deleted")).hasSize(1)
            .allSatisfy((line) -> assertThat(line).contains(active.toString()).contains("1 record(s)"));
        journal.close();
        assertThat(replayAll(open())).containsExactly(after);
    }

    @Test
    void aDirectoryDeletedUnderTheJournalIsMadeAndLockedAgainSoASecondJournalIsStillRefused() throws IOException {
        Journal journal = open();
        append(journal, "in-the-deleted-directory");
        deleteRecursively(this.directory);

        await("the directory made again", () -> Files.exists(this.directory.resolve(DirectoryLock.FILE)));
        assertThatThrownBy(this::open).isInstanceOf(JournalException.class)
            .hasMessageContaining(this.directory.toString())
            .hasMessageContaining("in use by another live process");
        await("the deleted segment said", () -> errors().stream().anyMatch((line) -> line.contains("were deleted")));
        String after = append(journal, "after");

        assertThat(errors()).anySatisfy((line) -> assertThat(line).contains("journal directory " + this.directory)
            .contains("was deleted while this process used it"));
        journal.close();
        assertThat(replayAll(open())).containsExactly(after);
    }

    /**
     * A delivered segment whose file cannot be deleted (here: the directory made append-only, which
     * refuses unlinks and renames, so new segments cannot be made either) still takes the disk's room:
     * it counts against the bound, and it goes, freeing the room, as soon as the directory allows it.
     */
    @Test
    void aDeliveredSegmentThatCannotBeDeletedCountsAgainstTheBoundUntilItsDeletionSucceedsLater() throws IOException {
        Journal journal = open(3 * SEGMENT);
        List<Long> first = new ArrayList<>();
        long firstNumber = -1;
        // the first segment full and sealed: the second is active, the third prepared
        for (int i = 0; i < 200 && segmentFiles().size() < 3; i++) {
            long reference = appendReference(journal, "first-" + i + "-" + "x".repeat(900));
            if (firstNumber < 0) {
                firstNumber = reference >>> 32;
            }
            if ((reference >>> 32) == firstNumber) {
                first.add(reference);
            }
        }
        await("the third segment prepared", () -> segmentFileCount() == 3);
        Path firstFile = segmentFiles().get(0);
        appendOnly(this.directory, true);
        try {
            first.forEach(journal::acknowledge);
            await("the failed deletion said", () -> warnings().stream().anyMatch((line) -> line.contains("could not be deleted")));
            assertThat(firstFile).exists();

            JournalFullException full = null;
            for (int i = 0; i < 400 && full == null; i++) {
                try {
                    append(journal, "more-" + i + "-" + "y".repeat(900));
                }
                catch (JournalFullException ex) {
                    full = ex;
                }
            }
            assertThat(full).as("the third segment filled: the undeleted file, the second and the third take the bound")
                .isNotNull();
            assertThat(full.getMessage()).contains("holds its most bytes").contains("1 of them delivered but not deleted yet")
                .contains("once the directory lets them be deleted");
            assertThat(journal.stats().bytes()).as("what health and the bytes gauge show: the disk the bound counts")
                .isEqualTo(3L * SEGMENT);
        }
        finally {
            appendOnly(this.directory, false);
        }
        await("the file deleted once it can be", () -> !Files.exists(firstFile));
        await("the deletion said", () -> this.log.list.stream()
            .anyMatch((event) -> event.getLevel() == Level.INFO && event.getFormattedMessage().contains("is deleted now")));
        await("room again", () -> {
            try {
                append(journal, "after");
                return true;
            }
            catch (JournalFullException ex) {
                return false;
            }
        });
    }

    /**
     * The segment prepared for the next roll cannot be renamed into place (the directory append-only):
     * its {@code .new} file, which cannot be deleted either, counts against the bound until it can be
     * (a grader's 8 MB file stayed on the disk, outside the bound, until the next start).
     */
    @Test
    void aPreparedSegmentThatCannotBeMadeLeavesNoUncountedFileBehind() throws IOException {
        Journal journal = open(8 * SEGMENT);
        await("the second segment prepared", () -> segmentFileCount() == 2);
        appendOnly(this.directory, true);
        Path leftover = this.directory.resolve(SegmentFormat.name(3) + ".new");
        try {
            // the first segment full: the roll takes the second and prepares the third, whose rename fails
            for (int i = 0; i < 200 && !Files.exists(leftover); i++) {
                append(journal, "fill-" + i + "-" + "x".repeat(900));
                Thread.sleep(5);
            }
            await("the third segment's try", () -> warnings().stream().anyMatch((line) -> line.contains(leftover.toString())));
            assertThat(journal.stats().bytes()).as("two segments and the file the try left").isEqualTo(3L * SEGMENT);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        finally {
            appendOnly(this.directory, false);
        }
        await("the leftover deleted once it can be", () -> !Files.exists(leftover));
        await("its room given back", () -> journal.stats().bytes() == 2L * SEGMENT);
    }

    private Journal open() {
        return open(8 * SEGMENT);
    }

    private Journal open(long maxBytes) {
        Journal journal = Journal.open(
                new JournalSettings(this.directory, FsyncMode.NEVER, Duration.ofMillis(50), maxBytes, SEGMENT), "test");
        this.opened.add(journal);
        return journal;
    }

    private static long appendReference(Journal journal, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return journal.append(bytes.length, (buffer) -> buffer.put(bytes));
    }

    private static String append(Journal journal, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        journal.append(bytes.length, (buffer) -> buffer.put(bytes));
        return text;
    }

    private static List<String> replayAll(Journal journal) {
        List<String> replayed = new ArrayList<>();
        journal.replay((reference, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            replayed.add(new String(bytes, StandardCharsets.UTF_8));
        });
        return replayed;
    }

    private List<String> errors() {
        return this.log.list.stream()
            .filter((event) -> event.getLevel() == Level.ERROR)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

    private List<String> warnings() {
        return this.log.list.stream()
            .filter((event) -> event.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

    private int segmentFileCount() {
        try {
            return segmentFiles().size();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code chattr +a} (or {@code -a}) on a directory: root on a file system with attributes (ext4, xfs); skipped elsewhere. */
    private static void appendOnly(Path directory, boolean on) {
        int exit;
        try {
            Process chattr = new ProcessBuilder("chattr", on ? "+a" : "-a", directory.toString()).redirectErrorStream(true)
                .start();
            chattr.getInputStream().readAllBytes();
            exit = chattr.waitFor();
        }
        catch (IOException ex) {
            exit = -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        if (on) {
            org.junit.jupiter.api.Assumptions.assumeTrue(exit == 0,
                    "chattr +a needs root and a file system with attributes; the deletion failure cannot be made here");
        }
        else {
            assertThat(exit).as("chattr -a").isZero();
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(this.directory)) {
            return files.filter((path) -> path.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /**
     * As {@code rm -rf} does it, until the directory is gone: the journal's segments thread may make its
     * next segment's file between the listing and the deletion of the directory.
     */
    private static void deleteRecursively(Path directory) throws IOException {
        for (int attempt = 1; Files.exists(directory); attempt++) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException ex) {
                if (attempt == 10) {
                    throw ex;
                }
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

}
