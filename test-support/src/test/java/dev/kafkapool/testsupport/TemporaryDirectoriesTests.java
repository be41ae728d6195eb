package dev.kafkapool.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test JVM killed with kill -9 left behind is deleted by the next one, and nothing else is. */
class TemporaryDirectoriesTests {

    @TempDir
    Path parent;

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
