package dev.kafkapool.autoconfigure;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs an action while this JVM can open no more files, as a process at its {@code ulimit -n} is: the
 * soft limit of open files is lowered with {@code prlimit(1)} to a little above what is open, what is
 * left is taken (opening {@code /dev/null} until the kernel says EMFILE), and both are given back
 * afterwards. Linux with util-linux's {@code prlimit} (any Debian, Ubuntu or RHEL host) only.
 */
public final class OpenFilesExhausted {

    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFilesExhausted() {
    }

    /** Skips the calling test where the limit cannot be lowered (not Linux, no prlimit on the PATH). */
    public static void assumePossible() {
        assumeThat(Files.isDirectory(FDS) && onPath("prlimit")).as("Linux with prlimit(1)").isTrue();
    }

    /** {@code action}'s result, computed while no file can be opened. */
    public static <T> T during(Supplier<T> action) {
        long[] limit = limit();
        List<FileChannel> held = new ArrayList<>();
        try {
            setSoftLimit(openNow() + 24, limit[1]);
            IOException refused = null;
            while (refused == null && held.size() < 4096) {
                try {
                    held.add(FileChannel.open(Path.of("/dev/null")));
                }
                catch (IOException ex) {
                    refused = ex;
                }
            }
            assertThat(refused).as("a refused open once the limit is reached").isNotNull();
            assertThat(refused.getMessage()).contains("Too many open files");
            return action.get();
        }
        finally {
            for (FileChannel channel : held) {
                try {
                    channel.close();
                }
                catch (IOException ex) {
                    // closing /dev/null does not fail
                }
            }
            setSoftLimit(limit[0], limit[1]);
        }
    }

    private static long openNow() {
        try (Stream<Path> open = Files.list(FDS)) {
            return open.count();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Soft and hard limit of open files, from the kernel's own account of the process. */
    private static long[] limit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] { Long.parseLong(words[0]), Long.parseLong(words[1]) };
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        throw new IllegalStateException("/proc/self/limits has no 'Max open files' line");
    }

    private static void setSoftLimit(long soft, long hard) {
        try {
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--nofile=" + soft + ":" + hard).redirectErrorStream(true).start();
            String said = new String(prlimit.getInputStream().readAllBytes());
            assertThat(prlimit.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(prlimit.exitValue()).as("prlimit: " + said).isZero();
            // closed now, not by the process reaper a moment later, which would free descriptors meant to be taken
            prlimit.getOutputStream().close();
            prlimit.getInputStream().close();
            prlimit.getErrorStream().close();
            assertThat(limit()[0]).isEqualTo(soft);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
    }

}
