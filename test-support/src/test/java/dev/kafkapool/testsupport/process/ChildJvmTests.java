package dev.kafkapool.testsupport.process;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The one child-JVM launcher: command, environment, output capture, signals and readiness. */
class ChildJvmTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aChildRunsItsMainClassWithTheJvmOptionsArgumentsAndEnvironmentItWasGiven() {
        ChildJvm jvm = ChildJvm.current()
            .jvmOptions("-Xmx32m", "-Dchild.greeting=hello")
            .mainClass(ChildMain.class.getName(), "echo", "one", "two")
            .env("CHILD_NAME", "kit");

        String printed = jvm.run(TIMEOUT);

        assertThat(jvm.command().get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(jvm.command()).containsSubsequence("-Xmx32m", "-cp", ChildMain.class.getName(), "echo");
        assertThat(printed).contains("greeting=hello", "name=kit", "args=one,two");
    }

    @Test
    void aVariableLeftOutIsNotInTheChildsEnvironmentUntilItIsSetAgain() {
        String without = ChildJvm.current().mainClass(ChildMain.class.getName(), "echo")
            .env("CHILD_NAME", "kit")
            .withoutEnv("CHILD_NAME")
            .run(TIMEOUT);
        String setAgain = ChildJvm.current().mainClass(ChildMain.class.getName(), "echo")
            .withoutEnv("CHILD_NAME")
            .env("CHILD_NAME", "again")
            .run(TIMEOUT);

        assertThat(without).contains("name=null");
        assertThat(setAgain).contains("name=again");
    }

    @Test
    void aNonZeroExitFailsTheRunWithWhatTheChildPrinted() {
        ChildJvm jvm = ChildJvm.current().mainClass(ChildMain.class.getName(), "echo", "last words")
            .env("CHILD_EXIT", "3");

        assertThatIllegalStateException().isThrownBy(() -> jvm.run(TIMEOUT))
            .withMessageContaining("Exit 3")
            .withMessageContaining("args=last words");
    }

    @Test
    void aRestartedChildsOutputStartsAfterWhatItsPredecessorAppendedToTheSameFile(@TempDir Path directory) {
        Path log = directory.resolve("child.log");
        ChildJvm.current().mainClass(ChildMain.class.getName(), "echo", "first").output(log).run(TIMEOUT);

        try (ChildProcess second = ChildJvm.current().mainClass(ChildMain.class.getName(), "echo", "second")
            .output(log)
            .start()) {
            assertThat(second.awaitExit(TIMEOUT)).isTrue();
            assertThat(second.output()).contains("args=second").doesNotContain("args=first");
            assertThat(second.outputFile()).isEqualTo(log);
        }
        assertThat(log).content().contains("args=first", "args=second");
    }

    @Test
    void aFrozenChildPrintsNothingUntilItIsResumed() throws Exception {
        try (ChildProcess child = ticker()) {
            child.freeze();
            assertThat(state(child)).as("process state after SIGSTOP").isEqualTo('T');
            int frozenAt = child.output().length();
            Thread.sleep(500);
            assertThat(child.output()).hasSize(frozenAt);
            assertThat(child.isAlive()).isTrue();

            child.resume();

            await().atMost(TIMEOUT).until(() -> child.output().length() > frozenAt);
        }
    }

    @Test
    void sigtermRunsTheChildsShutdownHooksAndSigkillDoesNot() {
        try (ChildProcess terminated = ticker(); ChildProcess killed = ticker()) {
            terminated.terminate();
            killed.kill();

            assertThat(terminated.awaitExit(TIMEOUT)).isTrue();
            assertThat(terminated.exitCode()).isEqualTo(143);
            assertThat(terminated.output()).contains("bye");
            assertThat(killed.isAlive()).isFalse();
            assertThat(killed.exitCode()).isEqualTo(137);
            assertThat(killed.output()).doesNotContain("bye");
        }
    }

    @Test
    void stoppingAFrozenChildResumesItSoThatItShutsDownGracefully() {
        try (ChildProcess child = ticker()) {
            child.freeze();

            child.stop(TIMEOUT);

            assertThat(child.isAlive()).isFalse();
            assertThat(child.exitCode()).isEqualTo(143);
            assertThat(child.output()).contains("bye");
        }
    }

    @Test
    void readinessIsTheTimeFromLaunchToTheFirst200() {
        int port = FreePorts.next();
        try (ChildProcess child = ChildJvm.current().mainClass(ChildMain.class.getName(), "serve",
                Integer.toString(port), "1500").start()) {
            URI ready = URI.create("http://127.0.0.1:" + port + "/ready");

            Duration readyAfter = HttpReadiness.await(child, ready, TIMEOUT, Duration.ofMillis(20));

            assertThat(readyAfter).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(TIMEOUT);
            assertThat(HttpReadiness.answersOk(ready)).isTrue();
        }
    }

    @Test
    void readinessFailsWithTheChildsOutputWhenItExitsFirst() {
        try (ChildProcess child = ChildJvm.current().mainClass(ChildMain.class.getName(), "echo", "gone")
            .env("CHILD_EXIT", "2")
            .start()) {
            URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next() + "/ready");

            assertThatIllegalStateException()
                .isThrownBy(() -> HttpReadiness.await(child, nowhere, TIMEOUT, Duration.ofMillis(20)))
                .withMessageContaining("exited with 2")
                .withMessageContaining("args=gone");
        }
    }

    @Test
    void aFreePortCanBeBoundOnLoopback() throws Exception {
        int port = FreePorts.next();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private static ChildProcess ticker() {
        ChildProcess child = ChildJvm.current().jvmOptions("-Xmx32m").mainClass(ChildMain.class.getName(), "tick").start();
        await().atMost(TIMEOUT).until(() -> child.output().contains("tick 1"));
        return child;
    }

    /** The state letter of {@code /proc/<pid>/stat}: R, S, T (stopped), ... */
    private static char state(ChildProcess child) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

}
