package dev.kafkapool.publisher.journal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One journal directory, one live process, even when an operator deletes {@code journal.lock}
 * (as one does with a stale pid file): the process that holds the directory makes and locks the
 * file again, so the next process is refused as before; and when another process was quicker, it
 * is told.
 */
class DirectoryLockTests {

    @TempDir
    Path directory;

    @Test
    void aLockFileInPlaceIsHeld() throws IOException {
        try (DirectoryLock lock = DirectoryLock.acquire(this.directory)) {
            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.HELD);
            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.HELD);
        }
    }

    @Test
    void aSecondPoolOfThisProcessIsRefusedAndTheFirstStillKeepsOtherProcessesOff() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(this.directory)) {
            // refused without opening the file: closing a descriptor of it would drop the first pool's lock
            assertThatExceptionOfType(JournalException.class).isThrownBy(() -> DirectoryLock.acquire(this.directory))
                .withMessageContaining("is in use by another live process");
            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.HELD);
            assertRefused(startHolder());
        }
        // released with the first pool: taken again
        try (DirectoryLock again = DirectoryLock.acquire(this.directory)) {
            assertThat(again.keep()).isEqualTo(DirectoryLock.Kept.HELD);
        }
    }

    @Test
    void aDeletedLockFileIsMadeAndLockedAgainSoAnotherProcessIsStillRefused() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(this.directory)) {
            Files.delete(this.directory.resolve(DirectoryLock.FILE));

            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.REMADE);
            assertThat(this.directory.resolve(DirectoryLock.FILE)).exists();
            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.HELD);
            assertRefused(startHolder());
        }
    }

    @Test
    void aLockFileReplacedByAnUnlockedFileIsTakenBackByTheHolder() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(this.directory)) {
            Path file = this.directory.resolve(DirectoryLock.FILE);
            Files.delete(file);
            Files.writeString(file, "");

            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.REMADE);
            assertRefused(startHolder());
        }
    }

    @Test
    void anotherProcessThatTookTheDirectoryAfterTheDeletionIsReportedAndTheLockReturnsWhenItDies() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(this.directory)) {
            Files.delete(this.directory.resolve(DirectoryLock.FILE));
            Process holder = startHolder();
            try {
                BufferedReader output = new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertThat(JournalHolder.awaitLocked(output)).isTrue();

                assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.TAKEN);
                assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.TAKEN);
            }
            finally {
                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
            // the other process is gone, its file stays: nobody locks it any more
            assertThat(lock.keep()).isEqualTo(DirectoryLock.Kept.REMADE);
            assertRefused(startHolder());
        }
    }

    @Test
    void anOpenJournalMakesADeletedLockFileAgainWithinItsCheckInterval() throws Exception {
        try (Journal journal = Journal.open(new JournalSettings(this.directory, FsyncMode.NEVER, Duration.ofSeconds(1),
                8 * 64 * 1024, 64 * 1024), "test")) {
            Path file = this.directory.resolve(DirectoryLock.FILE);
            Files.delete(file);

            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5 * Journal.LOCK_CHECK_MILLIS);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(file).as("the lock file, made again").exists();
            assertRefused(startHolder());
        }
    }

    private Process startHolder() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), JournalHolder.class.getName(), this.directory.toString())
            .redirectErrorStream(true)
            .start();
    }

    private static void assertRefused(Process holder) throws Exception {
        try {
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the second process ended").isTrue();
            String output = read(holder.getInputStream());
            assertThat(holder.exitValue()).as(output).isNotZero();
            assertThat(output).contains("is in use by another live process").doesNotContain("locked\n");
        }
        finally {
            holder.destroyForcibly();
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
