package dev.kafkapool.testsupport.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kafkapool.testsupport.broker.BrokerClasspath;
import dev.kafkapool.testsupport.process.ChildJvm;
import dev.kafkapool.testsupport.process.ChildProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A training run as a container build runs it, in processes of their own and with the app's
 * {@code JAVA_TOOL_OPTIONS} in the environment (which the broker must not take): the app reaches the
 * throwaway mTLS broker with the settings it is given, is stopped with SIGTERM once ready (so its
 * JVM's exit work runs), and the run's exit status says whether that happened.
 */
class AotTrainingTests {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void theAppReachesTheBrokerWithItsTopicsIsReadyAndExitsGracefully(@TempDir Path directory) {
        Path written = directory.resolve("archive.txt");

        try (ChildProcess training = training(directory, "--topic", "orders", "--topic", "audit", "-cp",
                System.getProperty("java.class.path"), TrainedApp.class.getName(), written.toString())) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).as(training.output()).isZero();
            assertThat(training.output()).contains("the app is ready; stopping it (SIGTERM)");
        }
        assertThat(written).content().isEqualTo("audit,orders");
        // the fail-fast check may take as long as the run waits for readiness: its 10 s ran out on a loaded host
        assertThat(Path.of(written + ".startup-timeout")).content().isEqualTo("180s");
    }

    @Test
    void aStartupTimeoutTheBuildSetsIsTheOneTheAppGets(@TempDir Path directory) {
        Path written = directory.resolve("archive.txt");

        try (ChildProcess training = training(ChildJvm.current().env("KAFKA_STARTUP_TIMEOUT", "45s"), directory, "-cp",
                System.getProperty("java.class.path"), TrainedApp.class.getName(), written.toString())) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).as(training.output()).isZero();
        }
        assertThat(Path.of(written + ".startup-timeout")).content().isEqualTo("45s");
    }

    @Test
    void theThrowawayPrivateKeysDoNotOutliveTheRun(@TempDir Path directory) throws Exception {
        Path temp = Files.createDirectory(directory.resolve("tmp"));
        Path written = directory.resolve("archive.txt");

        try (ChildProcess training = ChildJvm.current()
            .jvmOptions("-Djava.io.tmpdir=" + temp)
            .mainClass(AotTraining.class.getName(), "-cp", System.getProperty("java.class.path"),
                    TrainedApp.class.getName(), written.toString())
            .output(directory.resolve("training.log"))
            .start()) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).as(training.output()).isZero();
        }
        assertThat(written).exists();
        try (Stream<Path> left = Files.walk(temp)) {
            assertThat(left.filter((path) -> path.getFileName().toString().endsWith(".key")
                    || path.getFileName().toString().contains("keystore")))
                .as("private keys left in the run's java.io.tmpdir")
                .isEmpty();
        }
    }

    @Test
    void anAppThatExitsBeforeItIsReadyFailsTheTraining(@TempDir Path directory) {
        try (ChildProcess training = training(directory, "-cp", System.getProperty("java.class.path"),
                TrainedApp.class.getName(), "fail")) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).isEqualTo(1);
            assertThat(training.output()).contains("exited with 3 before it was ready");
        }
    }

    @Test
    void anAppThatIsNotReadyInTimeFailsTheTrainingAndIsKilled(@TempDir Path directory) {
        Path pid = directory.resolve("app.pid");

        try (ChildProcess training = ChildJvm.current()
            // long enough for the app's JVM to write its process id on a busy machine before it is killed
            .jvmOptions("-D" + AotTraining.READY_TIMEOUT + "=10")
            .mainClass(AotTraining.class.getName(), "-cp", System.getProperty("java.class.path"),
                    TrainedApp.class.getName(), "never", pid.toString())
            .output(directory.resolve("training.log"))
            .start()) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).as(training.output()).isEqualTo(1);
            assertThat(training.output()).contains("the app did not become ready within 10 s");
        }
        assertGone(pid);
    }

    @Test
    void anAppThatDoesNotExitAfterSigtermInTimeFailsTheTrainingAndIsKilled(@TempDir Path directory) {
        Path pid = directory.resolve("app.pid");

        try (ChildProcess training = ChildJvm.current()
            .jvmOptions("-D" + AotTraining.EXIT_TIMEOUT + "=3")
            .mainClass(AotTraining.class.getName(), "-cp", System.getProperty("java.class.path"),
                    TrainedApp.class.getName(), "stubborn", pid.toString())
            .output(directory.resolve("training.log"))
            .start()) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).as(training.output()).isEqualTo(1);
            assertThat(training.output()).contains("the app is ready; stopping it (SIGTERM)")
                .contains("the app did not exit within 3 s of SIGTERM");
        }
        assertGone(pid);
    }

    @Test
    void aBrokerThatCannotStartFailsTheTrainingBeforeAnyAppRuns(@TempDir Path directory) {
        Path pid = directory.resolve("app.pid");

        try (ChildProcess training = ChildJvm.current()
            .jvmOptions("-D" + BrokerClasspath.OVERRIDE + "=" + directory.resolve("no-kit"))
            .mainClass(AotTraining.class.getName(), "-cp", System.getProperty("java.class.path"),
                    TrainedApp.class.getName(), "never", pid.toString())
            .output(directory.resolve("training.log"))
            .start()) {
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
            assertThat(training.exitCode()).isNotZero();
            assertThat(training.output()).contains("Broker 1 exited during startup");
        }
        assertThat(pid).doesNotExist();
    }

    @Test
    void theAppDoesNotOutliveATrainingThatIsStopped(@TempDir Path directory) throws Exception {
        Path pid = directory.resolve("app.pid");
        long app;
        try (ChildProcess training = training(directory, "-cp", System.getProperty("java.class.path"),
                TrainedApp.class.getName(), "never", pid.toString())) {
            await().atMost(TIMEOUT).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
            app = Long.parseLong(Files.readString(pid));
            assertThat(ProcessHandle.of(app)).get().matches(ProcessHandle::isAlive);

            training.terminate();                       // SIGTERM, as a cancelled build sends
            assertThat(training.awaitExit(TIMEOUT)).isTrue();
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> ProcessHandle.of(app).map((handle) -> !handle.isAlive()).orElse(true));
    }

    /** The app whose process id is in {@code file} (it writes it) does not outlive the training by more than 30 s. */
    private static void assertGone(Path file) {
        assertThat(file).exists();
        long pid = Long.parseLong(uncheckedRead(file).trim());
        await().atMost(Duration.ofSeconds(30))
            .until(() -> ProcessHandle.of(pid).map((handle) -> !handle.isAlive()).orElse(true));
    }

    private static String uncheckedRead(Path file) {
        try {
            return Files.readString(file);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * As the image's build runs it: with {@code JAVA_TOOL_OPTIONS} for the app in the environment,
     * naming a collector other than the broker's own.
     */
    private static ChildProcess training(Path directory, String... arguments) {
        return training(ChildJvm.current(), directory, arguments);
    }

    /** As {@link #training(Path, String...)}, in {@code jvm} (with settings of the test's own). */
    private static ChildProcess training(ChildJvm jvm, Path directory, String... arguments) {
        return jvm
            .env("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC")
            .mainClass(AotTraining.class.getName(), arguments)
            .output(directory.resolve("training.log"))
            .start();
    }

}
