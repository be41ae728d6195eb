package dev.kafkapool.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A report about a file this process cannot read names the process's ids, also when its user has no name. */
class ProcessUserTests {

    @Test
    void aUserWithANameIsNamedWithItsIds() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "Linux's /proc");
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim();

        assertThat(ProcessUser.describe()).isEqualTo("user " + System.getProperty("user.name") + ", uid " + uid
                + ", gid " + new String(new ProcessBuilder("id", "-g").start().getInputStream().readAllBytes()).trim());
    }

    @Test
    void aUserWithoutANameIsItsIdsNotAQuestionMark() {
        // a container's runAsUser without a passwd entry: the JVM says "?" for the name
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "Linux's /proc");
        String name = System.getProperty("user.name");
        System.setProperty("user.name", "?");
        try {
            assertThat(ProcessUser.describe()).startsWith("uid ").contains(", gid ").doesNotContain("?");
        }
        finally {
            System.setProperty("user.name", name);
        }
    }

}
