package dev.kafkapool.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What a test JVM killed with kill -9 left behind is deleted by the next one, and nothing else is. */
class TemporaryDirectoriesTests {

    @TempDir
    Path parent;

    @Test
    void aTemporaryDirectoryThatCannotBeWrittenIsReportedWithTheCauseAndTheFix() throws Exception {
        // the kit's certificates were the first thing made, and failed with a bare AccessDeniedException
        Path readOnly = Files.createDirectory(this.parent.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path notADirectory = Files.writeString(this.parent.resolve("a-file"), "");
        try {
            for (Path temp : new Path[] { notADirectory, readOnly }) {
                if (temp == readOnly && Files.isWritable(readOnly)) {
                    continue; // root writes anywhere: the file case shows the same report
                }
                assertThatExceptionOfType(UncheckedIOException.class)
                    .isThrownBy(() -> TemporaryDirectories.createInTemporaryDirectory(temp, "kafka-pool-pki-"))
                    .withMessageContaining("Could not create a directory kafka-pool-pki-* in " + temp
                            + " (the JVM's java.io.tmpdir): ")
                    .withMessageMatching("(?s).*: (AccessDeniedException|FileSystemException|NotDirectoryException): .*")
                    .withMessageContaining("Point java.io.tmpdir (in surefire's argLine) at a directory this user may write");
            }
        }
        finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDirectoryDeletedBeforeExitLetsGoOfItsLockFile() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "reads the process's descriptors from /proc");
        Path directory = TemporaryDirectories.create(this.parent, "kafka-pool-cluster-");
        Path lock = directory.resolve(TemporaryDirectories.LOCK);
        assertThat(descriptorsOf(lock)).isEqualTo(1);

        TemporaryDirectories.delete(directory);

        // a cluster per test class must not leave a descriptor (and a shutdown hook) behind each time
        assertThat(directory).doesNotExist();
        assertThat(descriptorsOf(lock)).isZero();
    }

    /** How many of this process's open descriptors name {@code file} (deleted or not). */
    private static long descriptorsOf(Path file) throws Exception {
        try (java.util.stream.Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter((descriptor) -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString().startsWith(file.toString());
                }
                catch (Exception ex) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void onlyDirectoriesOfAProcessThatIsGoneAreDeleted() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        ProcessHandle gone = finished.toHandle();
        ProcessHandle self = ProcessHandle.current();

        Path orphan = directory("kafka-pool-cluster-1", gone.pid() + " 1");
        Path live = directory("kafka-pool-cluster-2",
                self.pid() + " " + self.info().startInstant().orElseThrow().toEpochMilli());
        // the same id, started at another time: the id was reused, the owner is gone
        Path reused = directory("kafka-pool-cluster-3", self.pid() + " 1");
        Path unowned = Files.createDirectories(this.parent.resolve("kafka-pool-cluster-4"));
        Path otherPrefix = directory("kafka-pool-pki-5", gone.pid() + " 1");

        TemporaryDirectories.deleteOrphans(this.parent, "kafka-pool-cluster-");

        assertThat(orphan).doesNotExist();
        assertThat(reused).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(unowned).isDirectory();
        assertThat(otherPrefix).isDirectory();
    }

    @Test
    void aProcessRecordedInAnOrphanedDirectoryIsKilledWithItEvenWhenStopped() throws Exception {
        // a grader froze a broker (SIGSTOP) and killed its test JVM with kill -9: the broker's watchdog could not run,
        // and it outlived the sweep that deleted its directory
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path orphan = directory("kafka-pool-cluster-6", finished.toHandle().pid() + " 1");
        Path brokerDirectory = Files.createDirectories(orphan.resolve("broker-1"));
        Process frozen = new ProcessBuilder("sleep", "120").start();
        Process other = new ProcessBuilder("sleep", "120").start();
        try {
            assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(frozen.pid())).start().waitFor()).isZero();
            TemporaryDirectories.recordProcess(brokerDirectory, frozen.pid());
            // a record whose start time is not the process's: its id was taken by another process later
            Path reused = Files.createDirectories(directory("kafka-pool-cluster-7", finished.toHandle().pid() + " 1")
                .resolve("broker-1"));
            Files.writeString(reused.resolve(TemporaryDirectories.PROCESS), other.pid() + " 1");

            TemporaryDirectories.deleteOrphans(this.parent, "kafka-pool-cluster-");

            assertThat(frozen.waitFor(30, TimeUnit.SECONDS)).as("the frozen child is killed").isTrue();
            assertThat(orphan).doesNotExist();
            assertThat(reused.getParent()).doesNotExist();
            assertThat(other.isAlive()).as("a process that took a recorded id later is left alone").isTrue();
        }
        finally {
            frozen.destroyForcibly();
            other.destroyForcibly();
        }
    }

    @Test
    void aDirectoryWhoseOwnerLivesIsKeptEvenWhenItsProcessIdNamesNoSuchProcess() throws Exception {
        // as another JVM sees it from another PID namespace: the recorded id is gone here, the owner lives
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        try (ChildProcess owner = ChildJvm.current()
            .jvmOptions("-Djava.io.tmpdir=" + this.parent)
            .mainClass(OwnerHolder.class.getName(), "kafka-pool-held-")
            .start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!owner.output().contains("DIRECTORY ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String line = owner.output().lines().filter((text) -> text.startsWith("DIRECTORY ")).findFirst()
                .orElseThrow(() -> new AssertionError("no directory made: " + owner.output()));
            Path held = Path.of(line.substring("DIRECTORY ".length()).trim());
            assertThat(held.getParent()).isEqualTo(this.parent);
            assertThat(held.getFileName().toString()).startsWith("kafka-pool-held-");
            // rewritten in place: the owner's lock is on the file, not on its content
            Files.writeString(held.resolve(TemporaryDirectories.OWNER), finished.toHandle().pid() + " 1");

            TemporaryDirectories.deleteOrphans(this.parent, "kafka-pool-held-");
            assertThat(held).as("its owner holds the lock").isDirectory();

            owner.kill();
            assertThat(owner.awaitExit(Duration.ofSeconds(30))).isTrue();
            TemporaryDirectories.deleteOrphans(this.parent, "kafka-pool-held-");
            assertThat(held).as("gone with its owner's lock").doesNotExist();
        }
    }

    @Test
    void aDirectoryOfItsOwnNamesThisProcessAsItsOwner() throws Exception {
        Path directory = TemporaryDirectories.create("kafka-pool-owner-test-");
        try {
            assertThat(Files.readString(directory.resolve(TemporaryDirectories.OWNER)))
                .startsWith(ProcessHandle.current().pid() + " ");
        }
        finally {
            TemporaryDirectories.delete(directory);
        }
    }

    private Path directory(String name, String owner) throws Exception {
        Path directory = Files.createDirectories(this.parent.resolve(name).resolve("broker-1"));
        Files.writeString(directory.resolve("broker.log"), "log");
        Files.writeString(this.parent.resolve(name).resolve(TemporaryDirectories.OWNER), owner);
        return this.parent.resolve(name);
    }

}
