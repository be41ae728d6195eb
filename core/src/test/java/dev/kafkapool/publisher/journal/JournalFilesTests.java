package dev.kafkapool.publisher.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.publisher.journal.JournalException.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed file operation is told: in words, and as the reason a startup report picks its fix by. */
class JournalFilesTests {

    @Test
    void eachFailureOfTheFileSystemIsToldByWhatStandsInTheWay() {
        assertThat(JournalFiles.reason(new AccessDeniedException("/data/journal"))).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(JournalFiles.reason(new FileAlreadyExistsException("/data/journal"))).isEqualTo(Reason.NOT_A_DIRECTORY);
        assertThat(JournalFiles.reason(new NotDirectoryException("/data/journal"))).isEqualTo(Reason.NOT_A_DIRECTORY);
        assertThat(JournalFiles.reason(new FileSystemException("/data/journal/journal.lock", null,
                "Read-only file system"))).isEqualTo(Reason.READ_ONLY);
        assertThat(JournalFiles.reason(new FileSystemException("/data/journal/0000000000000001.journal", null,
                "No space left on device"))).isEqualTo(Reason.NO_ROOM);
        // what FileChannel reports for a write that does not fit: the reason in the message alone
        assertThat(JournalFiles.reason(new IOException("No space left on device"))).isEqualTo(Reason.NO_ROOM);
        assertThat(JournalFiles.reason(new IOException("Disk quota exceeded"))).isEqualTo(Reason.NO_ROOM);
        assertThat(JournalFiles.reason(new NoSuchFileException("/data/journal"))).isEqualTo(Reason.UNUSABLE);
        assertThat(JournalFiles.reason(new IOException((String) null))).isEqualTo(Reason.UNUSABLE);
    }

    @Test
    void aDirectoryIsForcedOnLinuxSoThatASegmentsNameSurvivesAPowerCut(@TempDir Path directory) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "directories are forced where the platform lets a directory be opened and forced");

        assertThat(JournalFiles.forceDirectory(directory)).isTrue();
        assertThat(JournalFiles.forceDirectory(directory.resolve("missing"))).isFalse();
    }

    @Test
    void theWordsNameTheFileAndWhatWentWrong() {
        assertThat(JournalFiles.why(new AccessDeniedException("/data/journal"))).isEqualTo("permission denied (/data/journal)");
        assertThat(JournalFiles.why(new FileSystemException("/data/journal/journal.lock", null, "Read-only file system")))
            .isEqualTo("Read-only file system (/data/journal/journal.lock)");
    }

    @Test
    void aDeniedPathNamesTheFirstDirectoryOnItsWayThatThisProcessCannotPassThrough(@TempDir Path root)
            throws IOException {
        Path journal = root.resolve("data/journal");
        Path data = root.resolve("data");
        Files.createDirectories(data);

        // what a non-root user meets (root passes through every directory, so the tests give the answers)
        assertThat(JournalFiles.why(new AccessDeniedException(journal.toString()))).startsWith("permission denied ("
                + journal + ")");
        assertThat(JournalFiles.deniedBy(journal, (directory) -> !directory.equals(data), (any) -> true))
            .isEqualTo(": the directory " + data + " on its path is not searchable by this process (it lacks the x "
                    + "permission for the process's user)");
        assertThat(JournalFiles.deniedBy(journal, (directory) -> !directory.equals(root), (any) -> false))
            .as("the first on the way, from the root down").contains("the directory " + root + " on its path");
        assertThat(JournalFiles.deniedBy(journal, (any) -> true, (directory) -> !directory.equals(data)))
            .isEqualTo(": the directory " + data + " is not writable by this process, so journal cannot be made in it");
        Files.createDirectory(journal);
        Path lock = journal.resolve(DirectoryLock.FILE);
        Files.createFile(lock);
        assertThat(JournalFiles.deniedBy(lock, (any) -> true, (file) -> !file.equals(lock)))
            .isEqualTo(": " + lock + " is not writable by this process");
        assertThat(JournalFiles.deniedBy(lock, (any) -> true, (any) -> true)).as("nothing this process can see").isEmpty();
        assertThat(JournalFiles.deniedBy(root.resolve("missing/journal"),
                (directory) -> !directory.equals(root.resolve("missing")), (any) -> false))
            .as("a directory on the way that is not there is the failure itself").isEmpty();
    }

    @Test
    void theLockFileIsReadableByItsOwnerOnlyAsTheSegmentsAre(@TempDir Path directory) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(directory)
            .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class), "POSIX permissions");

        try (java.nio.channels.FileChannel made = JournalFiles.openForWriting(directory.resolve("made"), false);
                java.nio.channels.FileChannel madeNew = JournalFiles.openForWriting(directory.resolve("new"), true)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve("made")))).isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve("new")))).isEqualTo("rw-------");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(directory)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve(DirectoryLock.FILE)))).isEqualTo("rw-------");
        }
    }

    @Test
    void aFileMovedAsideNeverReplacesOneMovedAsideBefore(@TempDir Path directory) throws IOException {
        Path segment = directory.resolve(SegmentFormat.name(7));

        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable"));
        Files.writeString(directory.resolve(SegmentFormat.name(7) + ".unreadable"), "first");
        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable.2"));
        Files.writeString(directory.resolve(SegmentFormat.name(7) + ".unreadable.2"), "second");
        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable.3"));
    }

}
