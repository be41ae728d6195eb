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
    void aFileMovedAsideNeverReplacesOneMovedAsideBefore(@TempDir Path directory) throws IOException {
        Path segment = directory.resolve(SegmentFormat.name(7));

        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable"));
        Files.writeString(directory.resolve(SegmentFormat.name(7) + ".unreadable"), "first");
        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable.2"));
        Files.writeString(directory.resolve(SegmentFormat.name(7) + ".unreadable.2"), "second");
        assertThat(JournalFiles.asideOf(segment)).isEqualTo(directory.resolve(SegmentFormat.name(7) + ".unreadable.3"));
    }

}
