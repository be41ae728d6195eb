package dev.kafkapool.publisher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Java program that ends without closing its pool ({@link ForgottenPoolMain}, in a JVM of its own): the pool's
 * exit hook drains what it holds and reports what it could not deliver, where its daemon threads used to die with
 * the JVM and every queued record was lost without a word.
 */
class ExitHookTests {

    @Test
    void aPoolNobodyClosedDeliversWhatItHoldsWhenTheJvmExits() throws Exception {
        String output = run("answering");

        assertThat(output).contains("The JVM is exiting while the pool runs: shutting it down now").contains("ALL DELIVERED")
            .doesNotContain("UNDELIVERED");
    }

    @Test
    void aPoolNobodyClosedReportsWhatItCouldNotDeliverWhenTheJvmExits() throws Exception {
        String output = run("silent");

        assertThat(output).contains("UNDELIVERED " + ForgottenPoolMain.RECORDS);
    }

    @Test
    void aPoolNobodyClosedReportsWhatItHoldsWhenTheProgramIsStoppedWithSigterm() throws Exception {
        // docker stop, a pod's termination: the JVM runs its hooks on SIGTERM
        Process child = start("silent", "waitForSigterm");
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder output = new StringBuilder();
            for (String line; (line = lines.readLine()) != null;) {
                output.append(line).append('\n');
                if (line.startsWith("PUBLISHED")) {
                    // SIGTERM; Process.destroy() would close the output being read too
                    child.toHandle().destroy();
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the program ended").isTrue();
            assertThat(output.toString()).contains("UNDELIVERED " + ForgottenPoolMain.RECORDS);
        }
        finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPoolTheProgramClosesInItsOwnShutdownHookIsShutDownAndReportedOnce() throws Exception {
        // both hooks run at once: one shuts the pool down, the other finds it stopped
        String output = run("silent", "ownHook");

        assertThat(output.split("UNDELIVERED " + ForgottenPoolMain.RECORDS, -1)).as(output).hasSize(2);
    }

    @Test
    void withoutItsExitHookAPoolNobodyClosedSaysNothingAsTheJvmExits() throws Exception {
        // what the hook is for: the Spring Boot starter goes without it, its context closing the pool
        String output = run("silent", "noHook");

        assertThat(output).contains("PUBLISHED").doesNotContain("UNDELIVERED").doesNotContain("shutting it down now");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        Process child = start(args);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            child.getInputStream().transferTo(bytes);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the program ended").isTrue();
            String output = bytes.toString(StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            return output;
        }
        finally {
            child.destroyForcibly();
        }
    }

    /** {@link ForgottenPoolMain} with {@code args}, in a JVM of its own, its error output with its output. */
    private static Process start(String... args) throws IOException {
        String[] command = new String[args.length + 4];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = ForgottenPoolMain.class.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

}
