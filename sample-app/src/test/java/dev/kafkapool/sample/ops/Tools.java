package dev.kafkapool.sample.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools of Debian's {@code prometheus} package, found on the {@code PATH}.
 * {@code .ci/run} installs the package; a machine without it fails these tests with the command
 * that installs it, never skips them.
 */
enum Tools {

    PROMETHEUS("prometheus"), PROMTOOL("promtool");

    private final String name;

    Tools(String name) {
        this.name = name;
    }

    /** The executable. */
    Path path() {
        String path = System.getenv("PATH");
        for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
            Path candidate = Path.of(dir, this.name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(this.name + " is not on the PATH. It comes with Debian's prometheus package, which .ci/run "
                + "installs: apt-get install -y prometheus");
    }

    /** Runs the tool with {@code args}; its exit code and output (standard output and error). */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(path().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** What a run of a tool gave. */
    record Result(int exitCode, String output) {
    }

}
